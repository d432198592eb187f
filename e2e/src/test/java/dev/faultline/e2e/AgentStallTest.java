package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Streams;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application JVM that stops now and then (here SIGSTOP / SIGCONT; on a loaded machine, starved CPU or a long GC
 * pause) still gets exactly one point per batch its agent sends. Why a test: the agent's fixed-rate schedule used to
 * run the missed intervals back to back after a stall, batches whose samples often had the same millisecond, which
 * the collector acknowledged and then skipped as not newer. That made CollectorCrashTest fail under load with
 * "points vs highest applied sequence (gap or double)" without any crash involved (BENCHMARKS.md "Durability: ...").
 */
@Timeout(120)
class AgentStallTest {

  private static final Duration INTERVAL = Duration.ofMillis(200);

  @TempDir Path dataDir;

  @Test
  void stalledAgentSendsOnePointPerBatchAndNoBurstOfMissedIntervals() throws Exception {
    int port = Ports.free();
    try (CollectorProcess collector = CollectorProcess.start(port, dataDir);
        Jvm app = Streams.startApp(port, "stall", INTERVAL.toMillis() + "ms", "1MiB")) {
      Ports.awaitReady(app);
      Streams.threadsSeries(collector.query(), "stall", 5, Duration.ofSeconds(40));
      for (int i = 0; i < 3; i++) {
        signal(app, "STOP");
        try {
          Thread.sleep(2_000); // ten intervals missed
        } finally {
          signal(app, "CONT");
        }
        Thread.sleep(1_000);
      }
      Streams.assertOnePointPerSequence(collector, "stall", Duration.ofSeconds(40));
      Streams.assertNoDoubleApply(collector);
      List<long[]> points = collector.points(Streams.threadsSeries(collector.query(), "stall", 1,
          Duration.ofSeconds(5)));
      for (int i = 1; i < points.size(); i++) {
        long gap = points.get(i)[0] - points.get(i - 1)[0];
        assertTrue(gap >= INTERVAL.toMillis() / 2, "points " + (i - 1) + " and " + i + " only " + gap
            + " ms apart: a burst of missed intervals");
      }
    }
  }

  /** {@code kill -SIG} of exactly this process. */
  private static void signal(Jvm app, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(app.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + signal + " " + app.pid() + " failed");
    }
  }
}
