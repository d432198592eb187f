package dev.faultline.collector.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * Kills a child JVM with SIGKILL while it appends, twice, and checks that every record the child reported durable
 * is in the log exactly once. (A kill keeps the page cache, so this exercises torn tails and recovery, not power
 * loss; the fsync ordering is covered by {@link FsyncPolicyTest}.)
 */
@Timeout(60)
class CrashTest {

  private static final int ACKS_BEFORE_KILL = 300;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedRecordSurvivesKillNineExactlyOnce() throws Exception {
    List<Long> acked = new ArrayList<>();
    acked.addAll(runAndKill(0));
    long highestAfterFirst = acked.get(acked.size() - 1);
    List<Long> second = runAndKill(-1);
    acked.addAll(second);
    assertTrue(second.get(0) > highestAfterFirst, "the restarted child continues after the replayed sequence");

    Map<Long, Integer> copies = new HashMap<>();
    try (Wal wal = Wal.open(WalOptions.builder(dir).segmentBytes(256 << 10).maxRecordBytes(64 << 10)
        .minFreeBytes(0).build())) {
      wal.replay(0, (lsn, bytes) -> copies.merge(IngestRecord.decode(bytes).sequence(), 1, Integer::sum));
    }
    for (long seq : acked) {
      assertEquals(1, copies.getOrDefault(seq, 0), "acknowledged sequence " + seq);
    }
    long max = copies.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    for (long seq = 1; seq <= max; seq++) {
      assertEquals(1, copies.getOrDefault(seq, 0), "sequence " + seq + " present once, no gaps");
    }
  }

  /** Starts the child, waits for enough acknowledgements, kills it; returns the sequences it acknowledged. */
  private List<Long> runAndKill(long expectedStart) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashAppender.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<Long> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = out.readLine();
      assertTrue(ready != null && ready.startsWith("READY"), "child said " + ready);
      if (expectedStart >= 0) {
        assertEquals("READY " + expectedStart, ready);
      }
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(Long.parseLong(line.substring(4)));
          if (acked.size() == ACKS_BEFORE_KILL) {
            // SIGKILL to the PID we started. Through its ProcessHandle, because Process.destroyForcibly() also
            // closes our end of the pipe and we must still read the acknowledgements printed before death.
            child.toHandle().destroyForcibly();
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    assertTrue(acked.size() >= ACKS_BEFORE_KILL, "acks: " + acked.size());
    return acked;
  }
}
