package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.QueryPort;
import dev.faultline.e2e.support.Repo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: `run --demo` brings up a collector and a fleet whose metrics arrive within a minute. */
@Timeout(180)
class DemoEndToEndTest {

  private static final Pattern QUERY_LISTENING = Pattern.compile("query: listening on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dataDir;

  @Test
  void demoFleetReportsWithinAMinuteAndStopsWithTheCollector() throws Exception {
    List<ProcessHandle> fleet;
    try (Jvm collector = Jvm.start(Jvm.currentJavaHome(), List.of("-jar", Repo.collectorJar().toString(), "run",
        "--demo", "--agent-jar", Repo.agentJar().toString(), "--ingest-address", "127.0.0.1:0",
        "--query-address", "127.0.0.1:0", "--data-dir", dataDir.toString()))) {
      Matcher m = QUERY_LISTENING.matcher(collector.awaitLine(l -> QUERY_LISTENING.matcher(l).find(),
          Duration.ofSeconds(30)));
      assertTrue(m.find());
      QueryPort query = new QueryPort(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))));

      Set<String> expected = Set.of("frontend", "catalog", "checkout", "payments");
      Set<String> seen = new TreeSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
        seen.clear();
        for (JsonNode service : query.get("/api/v1/services").get("services")) {
          seen.add(service.path("name").asText());
        }
        Thread.sleep(500);
      }
      assertEquals(new TreeSet<>(expected), seen, collector.transcript());
      query.awaitSeries("?service=frontend&metric=jvm_heap_used_bytes", s -> s.path("points").asInt() >= 2,
          Duration.ofSeconds(30));
      fleet = ProcessHandle.of(collector.pid()).orElseThrow().children().toList();
      assertEquals(4, fleet.size(), "one JVM per demo service");
    }
    for (ProcessHandle service : fleet) {
      service.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(15),
          java.util.concurrent.TimeUnit.MILLISECONDS);
      assertFalse(service.isAlive(), "demo service " + service.pid() + " stopped with the collector");
    }
  }
}
