package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.MisbehavingCollector;
import dev.faultline.e2e.support.MisbehavingCollector.Mode;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Repo;
import dev.faultline.e2e.support.RequestTimer;
import dev.faultline.e2e.support.Streams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs with the agent jar against fake collectors on 127.0.0.1 that send garbage, stall forever after
 * accepting, or speak TLS to the plain agent. For {@value #SECONDS} s (past the agent's 10 s handshake timeout)
 * each application serves requests with the latency of an application without an agent; the agent says one clear
 * line about the collector and nothing reaches the application (no exception, no stack trace).
 */
@Timeout(120)
class MisbehavingCollectorTest {

  private static final int SECONDS = 14;

  @TempDir Path keys;

  @Test
  void agentSurvivesGarbageStallAndTlsWithoutTouchingTheApplication() throws Exception {
    RequestTimer timer = new RequestTimer();
    Map<Mode, MisbehavingCollector> servers = new EnumMap<>(Mode.class);
    Map<Mode, Jvm> apps = new EnumMap<>(Mode.class);
    try (Jvm plain = Jvm.start(Jvm.currentJavaHome(), List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
        Repo.testClasses().toString(), SteadyApp.class.getName()))) {
      for (Mode mode : Mode.values()) {
        servers.put(mode, MisbehavingCollector.start(mode, keys));
        apps.put(mode, Streams.startApp(servers.get(mode).port(), mode.name().toLowerCase(), "1s", "1MiB"));
      }
      int plainPort = Ports.awaitReady(plain);
      Map<Mode, Integer> ports = new EnumMap<>(Mode.class);
      for (Mode mode : Mode.values()) {
        ports.put(mode, Ports.awaitReady(apps.get(mode)));
      }
      Map<Mode, List<Double>> latencies = new EnumMap<>(Mode.class);
      List<Double> baseline = new ArrayList<>();
      long start = System.nanoTime();
      long minEnd = start + Duration.ofSeconds(SECONDS).toNanos();
      long maxEnd = start + Duration.ofSeconds(3 * SECONDS).toNanos();
      // interleaved, so that machine load affects all alike; on until every agent said its line (or a bound)
      while (System.nanoTime() < maxEnd && (System.nanoTime() < minEnd || !allReported(apps))) {
        baseline.addAll(timer.millis(plainPort, 5));
        for (Mode mode : Mode.values()) {
          latencies.computeIfAbsent(mode, m -> new ArrayList<>()).addAll(timer.millis(ports.get(mode), 5));
        }
        Thread.sleep(100);
      }
      double base = RequestTimer.percentile(baseline, 0.5);
      double base95 = RequestTimer.percentile(baseline, 0.95);
      for (Mode mode : Mode.values()) {
        Jvm app = apps.get(mode);
        String out = app.transcript();
        double median = RequestTimer.percentile(latencies.get(mode), 0.5);
        double p95 = RequestTimer.percentile(latencies.get(mode), 0.95);
        System.out.println(mode + ": median " + median + " ms, p95 " + p95 + " ms (no agent: " + base + ", " + base95
            + "); " + servers.get(mode).connections() + " connections; output:\n" + out);
        assertTrue(app.isAlive(), mode + ": the application died");
        assertTrue(median <= 2 * base + 10, mode + ": median " + median + " ms vs " + base + " ms without agent");
        assertTrue(p95 <= 2 * base95 + 50, mode + ": p95 " + p95 + " ms vs " + base95 + " ms without agent");
        assertTrue(servers.get(mode).connections() >= 1, mode + ": the agent never connected");
        List<String> agentLines = out.lines().filter(l -> l.startsWith("faultline:")).toList();
        List<String> about = agentLines.stream().filter(l -> l.contains("collector 127.0.0.1:")).toList();
        assertEquals(1, about.size(), mode + ": one line about the collector, got " + about);
        assertFalse(out.contains("Exception") && !about.get(0).contains("Exception") || out.contains("\tat "),
            mode + ": an exception reached the application's output:\n" + out);
      }
      assertTrue(apps.get(Mode.STALL).transcript().contains("no HelloReply"), apps.get(Mode.STALL).transcript());
      assertTrue(apps.get(Mode.TLS).transcript().contains("TLS"), apps.get(Mode.TLS).transcript());
    } finally {
      for (Jvm app : apps.values()) {
        app.close();
      }
      for (MisbehavingCollector server : servers.values()) {
        server.close();
      }
    }
  }

  private static boolean allReported(Map<Mode, Jvm> apps) {
    return apps.values().stream().allMatch(app -> app.transcript().contains("collector 127.0.0.1:"));
  }
}
