package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Streams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the collector process while three agents stream: after a restart on the same port and data dir,
 * everything acknowledged before the kill is there exactly once, and what the agents still held arrives.
 */
@Timeout(120)
class CollectorCrashTest {

  private static final int AGENTS = 3;

  @TempDir Path dataDir;
  @TempDir Path configDir;

  @Test
  void killedCollectorLosesNothingAcknowledgedAndCountsNothingTwice() throws Exception {
    int port = Ports.free();
    List<Jvm> apps = new ArrayList<>();
    Map<String, List<Long>> beforeKill = new HashMap<>();
    try {
      // Snapshots every second, so the kill lands after some: the restart restores one and replays the log after it.
      Path config = java.nio.file.Files.writeString(configDir.resolve("collector.yaml"),
          "storage:\n  snapshot-interval: 1s\n");
      CollectorProcess first = CollectorProcess.start(port, dataDir, "--config", config.toString());
      try {
        for (int i = 0; i < AGENTS; i++) {
          apps.add(Streams.startApp(port, "crash" + i, "200ms", "1MiB"));
        }
        for (int i = 0; i < AGENTS; i++) {
          Ports.awaitReady(apps.get(i));
          Streams.threadsSeries(first.query(), "crash" + i, 15, Duration.ofSeconds(40));
        }
        // What the collector acknowledged (applies only durable batches) just before the kill; more may be acked
        // after this read, which only makes the check below weaker, never wrong.
        for (int i = 0; i < AGENTS; i++) {
          String id = Streams.threadsSeries(first.query(), "crash" + i, 1, Duration.ofSeconds(5));
          List<Long> ts = new ArrayList<>();
          first.points(id).forEach(p -> ts.add(p[0]));
          beforeKill.put("crash" + i, ts);
        }
      } finally {
        first.kill(); // SIGKILL mid-stream: no shutdown hook, no WAL close
      }
      Thread.sleep(1500); // the agents buffer a few batches meanwhile
      try (CollectorProcess second = CollectorProcess.start(port, dataDir)) {
        assertTrue(second.transcript().contains("replayed write-ahead log"), second.transcript());
        assertTrue(second.transcript().contains("restored snapshot up to LSN"), second.transcript());
        for (int i = 0; i < AGENTS; i++) {
          String service = "crash" + i;
          String id = Streams.threadsSeries(second.query(), service, beforeKill.get(service).size() + 10,
              Duration.ofSeconds(40));
          List<Long> after = new ArrayList<>();
          second.points(id).forEach(p -> after.add(p[0]));
          assertTrue(after.containsAll(beforeKill.get(service)), service + ": acknowledged points lost");
          long sequences = Streams.assertOnePointPerSequence(second, service, Duration.ofSeconds(40));
          assertTrue(sequences > beforeKill.get(service).size(), service + ": nothing arrived after the restart");
        }
        Streams.assertNoDoubleApply(second);
        assertEquals(0, second.query().get("/healthz").get("wal").get("appends_refused").asLong());
      }
    } finally {
      for (Jvm app : apps) {
        app.close();
      }
    }
  }
}
