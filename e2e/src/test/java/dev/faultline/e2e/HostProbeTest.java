package dev.faultline.e2e;

import dev.faultline.e2e.support.Repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.SeriesDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code java -jar faultline-agent.jar probe} connects as a host probe and streams host metrics. */
@Timeout(120)
@EnabledOnOs(OS.LINUX)
class HostProbeTest {

  @ParameterizedTest
  @MethodSource("dev.faultline.e2e.AgentIsolationTest#javaHomes")
  void probeStreamsHostMetricsAsHostProbe(String javaHome) throws Exception {
    try (HelloRecorder collector = new HelloRecorder()) {
      Path err = Files.createTempFile("probe", ".err");
      Process probe = new ProcessBuilder(Paths.get(javaHome, "bin", "java").toString(), "-jar",
          Repo.agentJar().toString(), "probe", "--collector", "127.0.0.1:" + collector.port(),
          "--interval", "500ms", "--host", "probe-test-host")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
      try {
        ClientFrame first = collector.frames.poll(40, TimeUnit.SECONDS);
        assertNotNull(first, "probe never connected");
        Hello hello = first.getHello();
        assertEquals(AgentKind.AGENT_KIND_HOST_PROBE, hello.getKind());
        assertEquals("probe-test-host", hello.getHost());
        assertEquals("", hello.getService());
        List<String> metrics = new ArrayList<>();
        boolean rateSeen = false;
        long deadline = System.currentTimeMillis() + 40_000;
        while (!rateSeen && System.currentTimeMillis() < deadline) {
          ClientFrame f = collector.frames.poll(1, TimeUnit.SECONDS);
          if (f != null && f.hasDefinitions()) {
            for (SeriesDefinition d : f.getDefinitions().getSeriesList()) {
              metrics.add(d.getMetric());
            }
            rateSeen = metrics.contains("host_cpu_usage_ratio");
          }
        }
        assertTrue(metrics.contains("host_memory_total_bytes"), metrics::toString);
        assertTrue(rateSeen, "CPU utilisation needs two readings; defined: " + metrics);
        assertFalse(metrics.contains("jvm_heap_used_bytes"), "a probe reports no JVM metrics");
      } finally {
        probe.destroy();
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertTrue(stderr.startsWith("faultline: host probe"), stderr);
      assertFalse(stderr.contains("WARNING"), "JDK warnings on the probe's stderr:\n" + stderr);
    }
  }
}
