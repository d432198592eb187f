package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern the ingest follows: the highest applied sequence per agent is not stored separately, it is rebuilt
 * from the records on replay, and a resent batch (already in the log) is applied at most once.
 */
@Timeout(30)
class DedupReplayTest {

  @TempDir Path dir;

  @Test
  void highestSequencePerAgentIsRebuiltByReplayAndResentBatchesApplyOnce() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      for (long seq = 1; seq <= 5; seq++) {
        append(wal, "agent-a", seq);
      }
      append(wal, "agent-b", 1);
      append(wal, "agent-a", 4); // resent after a reconnect whose ack was lost; logged again, applied once
      append(wal, "agent-a", 6);
      append(wal, "agent-b", 2);
    }

    Map<String, Long> highest = new HashMap<>();
    List<String> applied = new ArrayList<>();
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      wal.replay(0, (lsn, bytes) -> {
        IngestRecord r = IngestRecord.decode(bytes);
        long last = highest.getOrDefault(r.agentId(), 0L);
        if (r.sequence() <= last) {
          return; // duplicate: already applied
        }
        highest.put(r.agentId(), r.sequence());
        applied.add(r.agentId() + "#" + r.sequence() + "=" + new String(r.payload()));
      });
    }

    assertEquals(Map.of("agent-a", 6L, "agent-b", 2L), highest); // HelloReply.last_sequence per agent
    assertEquals(List.of("agent-a#1=batch-1", "agent-a#2=batch-2", "agent-a#3=batch-3", "agent-a#4=batch-4",
        "agent-a#5=batch-5", "agent-b#1=batch-1", "agent-a#6=batch-6", "agent-b#2=batch-2"), applied);
  }

  @Test
  void ingestRecordRoundTrips() {
    IngestRecord r = new IngestRecord("agent-\u00e9", 42, 1_700_000_000_123L, new byte[] {1, 2, 3});
    IngestRecord back = IngestRecord.decode(r.encode());
    assertEquals(r.agentId(), back.agentId());
    assertEquals(42, back.sequence());
    assertEquals(1_700_000_000_123L, back.receivedAtMillis());
    assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(back.payload()[0], back.payload()[1],
        back.payload()[2]));
  }

  private static void append(Wal wal, String agent, long seq) throws Exception {
    IngestRecord r = new IngestRecord(agent, seq, 1_700_000_000_000L + seq, ("batch-" + seq).getBytes());
    java.util.concurrent.CompletableFuture<Long> acked = new java.util.concurrent.CompletableFuture<>();
    wal.append(r.encode(), AppendCallback.of(acked::complete, acked::completeExceptionally));
    acked.get(5, TimeUnit.SECONDS);
  }
}
