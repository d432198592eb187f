package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.HttpProbe;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.QueryPort;
import dev.faultline.e2e.support.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The foundation end to end: a collector, a separate JVM started with {@code -javaagent:agent/target/faultline-agent.jar},
 * and the query port showing that JVM's series and its host's series with plausible values, on Java 17 and on the
 * newest JDK installed.
 */
@Timeout(180)
class PipelineEndToEndTest {

  @TempDir Path dataDir;

  static Stream<Path> javaHomes() {
    List<Path> homes = new ArrayList<>(List.of(Jvm.currentJavaHome()));
    Jvm.newestJavaHome().filter(h -> !h.equals(Jvm.currentJavaHome())).ifPresent(homes::add);
    return homes.stream();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void jvmAndHostSeriesArriveWithPlausibleValues(Path javaHome) throws Exception {
    try (Collector collector = startCollector();
        Jvm app = Jvm.start(javaHome, List.of(
            "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.ingestAddress().getPort()
                + ",service=e2e-steady,interval=500ms"
                // JDK 24+: host metrics are off by default in application JVMs (restricted-method warning).
                + (Jvm.featureVersion(javaHome) >= 24 ? ",host-metrics=true" : ""),
            "-cp", Repo.testClasses().toString(), SteadyApp.class.getName()))) {
      app.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(30));
      QueryPort query = new QueryPort(collector.queryAddress());

      JsonNode heap = query.awaitSeries("?service=e2e-steady&metric=jvm_heap_used_bytes",
          s -> s.path("points").asInt() >= 2, Duration.ofSeconds(30));
      JsonNode heapMax = query.awaitSeries("?service=e2e-steady&metric=jvm_heap_max_bytes",
          s -> s.path("points").asInt() >= 1, Duration.ofSeconds(10));
      double used = lastValue(heap);
      assertTrue(used > 1_000_000 && used <= lastValue(heapMax), "heap used " + used + " of max " + lastValue(heapMax));

      JsonNode threads = query.awaitSeries("?service=e2e-steady&metric=jvm_threads_live",
          s -> s.path("points").asInt() >= 1, Duration.ofSeconds(10));
      assertTrue(lastValue(threads) >= 2, "live threads " + lastValue(threads));
      JsonNode uptime = query.awaitSeries("?service=e2e-steady&metric=process_uptime_seconds",
          s -> s.path("points").asInt() >= 1, Duration.ofSeconds(10));
      assertTrue(lastValue(uptime) > 0 && lastValue(uptime) < 600, "uptime " + lastValue(uptime));
      JsonNode cpu = query.awaitSeries("?service=e2e-steady&metric=cpu_usage_ratio",
          s -> s.path("points").asInt() >= 1, Duration.ofSeconds(10));
      assertTrue(lastValue(cpu) >= 0 && lastValue(cpu) <= 1, "cpu ratio " + lastValue(cpu));
      JsonNode gc = query.awaitSeries("?service=e2e-steady&metric=jvm_gc_collections_total",
          s -> s.path("labels").has("gc"), Duration.ofSeconds(10));
      assertTrue(lastValue(gc) >= 0, "gc count " + lastValue(gc));

      String host = heap.path("host").asText();
      JsonNode memory = query.awaitSeries("?host=" + QueryPort.encode(host) + "&metric=host_memory_total_bytes",
          s -> s.path("points").asInt() >= 1, Duration.ofSeconds(30));
      assertTrue(lastValue(memory) > 64L * 1024 * 1024, "host memory " + lastValue(memory));
      JsonNode hostCpu = query.awaitSeries("?host=" + QueryPort.encode(host) + "&metric=host_cpu_usage_ratio",
          s -> s.path("points").asInt() >= 1, Duration.ofSeconds(10));
      assertTrue(lastValue(hostCpu) >= 0 && lastValue(hostCpu) <= 1, "host cpu " + lastValue(hostCpu));

      JsonNode services = query.get("/api/v1/services").get("services");
      JsonNode service = null;
      for (JsonNode s : services) {
        if (s.path("name").asText().equals("e2e-steady")) {
          service = s;
        }
      }
      assertTrue(service != null, "service listed: " + services);
      assertEquals(app.pid(), service.get("instances").get(0).path("pid").asLong());
    }
  }

  /**
   * On JDK 24+ with default settings the agent must keep host metrics off, so that JNA's five-line "restricted
   * method" warning never reaches the application's output, and say so in its one start-up line.
   */
  @Test
  void newestJdkWithDefaultsPrintsNoRestrictedMethodWarning() throws Exception {
    Path javaHome = Jvm.newestJavaHome().orElse(Jvm.currentJavaHome());
    int feature = Jvm.featureVersion(javaHome);
    assumeTrue(feature >= 24, "no JDK 24+ installed");
    try (Collector collector = startCollector();
        Jvm app = Jvm.start(javaHome, List.of(
            "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.ingestAddress().getPort()
                + ",service=e2e-jdk" + feature + ",interval=500ms",
            "-cp", Repo.testClasses().toString(), SteadyApp.class.getName()))) {
      int port = Ports.awaitReady(app);
      new HttpProbe(port).assertServes(3, Duration.ofSeconds(10));
      QueryPort query = new QueryPort(collector.queryAddress());
      query.awaitSeries("?service=e2e-jdk" + feature + "&metric=request_rate",
          s -> s.path("points").asInt() >= 2, Duration.ofSeconds(30));
      String out = app.transcript();
      assertFalse(out.contains("restricted method"), out);
      assertTrue(out.contains("host metrics off: JDK " + feature + " without --enable-native-access; run `java -jar "
          + "faultline-agent.jar probe` on this host instead"), out);
      assertEquals(1, out.lines().filter(l -> l.startsWith("faultline:")).count(), out);
    }
  }

  private static double lastValue(JsonNode series) {
    return series.path("last_value").asDouble(Double.NaN);
  }

  /** An in-process collector on ephemeral loopback ports, storing under the test's directory. */
  private Collector startCollector() throws Exception {
    return Collector.start(CollectorSettings.of(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir)
        .build()));
  }
}
