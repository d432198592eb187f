package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.MisbehavingCollector;
import dev.faultline.e2e.support.MisbehavingCollector.Mode;
import dev.faultline.e2e.support.Repo;
import dev.faultline.e2e.support.Streams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<Mode, MisbehavingCollector> servers = new EnumMap<>(Mode.class);
    Map<Mode, Jvm> apps = new EnumMap<>(Mode.class);
    try (Jvm plain = Jvm.start(Jvm.currentJavaHome(), List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
        Repo.testClasses().toString(), SteadyApp.class.getName()))) {
      for (Mode mode : Mode.values()) {
        servers.put(mode, MisbehavingCollector.start(mode, keys));
        apps.put(mode, Streams.startApp(servers.get(mode).port(), mode.name().toLowerCase(), "1s", "1MiB"));
      }
      int plainPort = Streams.appPort(plain);
      Map<Mode, Integer> ports = new EnumMap<>(Mode.class);
      for (Mode mode : Mode.values()) {
        ports.put(mode, Streams.appPort(apps.get(mode)));
      }
      Map<Mode, List<Double>> latencies = new EnumMap<>(Mode.class);
      List<Double> baseline = new ArrayList<>();
      long start = System.nanoTime();
      long minEnd = start + Duration.ofSeconds(SECONDS).toNanos();
      long maxEnd = start + Duration.ofSeconds(3 * SECONDS).toNanos();
      // interleaved, so that machine load affects all alike; on until every agent said its line (or a bound)
      while (System.nanoTime() < maxEnd && (System.nanoTime() < minEnd || !allReported(apps))) {
        baseline.addAll(time(http, plainPort, 5));
        for (Mode mode : Mode.values()) {
          latencies.computeIfAbsent(mode, m -> new ArrayList<>()).addAll(time(http, ports.get(mode), 5));
        }
        Thread.sleep(100);
      }
      double base = percentile(baseline, 0.5);
      double base95 = percentile(baseline, 0.95);
      for (Mode mode : Mode.values()) {
        Jvm app = apps.get(mode);
        String out = app.transcript();
        System.out.println(mode + ": median " + percentile(latencies.get(mode), 0.5) + " ms, p95 "
            + percentile(latencies.get(mode), 0.95) + " ms (no agent: " + base + ", " + base95 + "); "
            + servers.get(mode).connections() + " connections; output:\n" + out);
        assertTrue(app.isAlive(), mode + ": the application died");
        assertTrue(percentile(latencies.get(mode), 0.5) <= 2 * base + 10, mode + ": median "
            + percentile(latencies.get(mode), 0.5) + " ms vs " + base + " ms without agent");
        assertTrue(percentile(latencies.get(mode), 0.95) <= 2 * base95 + 50, mode + ": p95 "
            + percentile(latencies.get(mode), 0.95) + " ms vs " + base95 + " ms without agent");
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

  private static List<Double> time(HttpClient http, int port, int count) throws Exception {
    List<Double> millis = new ArrayList<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      millis.add((System.nanoTime() - start) / 1e6);
      assertEquals(200, response.statusCode());
    }
    return millis;
  }

  private static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }
}
