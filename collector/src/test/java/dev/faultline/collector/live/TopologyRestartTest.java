package dev.faultline.collector.live;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.PeerKind;
import dev.faultline.proto.v1.SampleGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call graph across a real restart on the same data dir: edges reported to the first collector are served by
 * {@code /api/v1/topology} of the second before any agent connects to it, and an edge last reported longer ago than
 * {@code detection.edge-ttl} (short here) is not brought back.
 */
@Timeout(60)
class TopologyRestartTest {

  private static final Duration TTL = Duration.ofSeconds(6);

  @TempDir Path dataDir;

  @Test
  void restartServesTheSameEdgesAndDropsThoseOlderThanTheTtl() throws Exception {
    long staleReceived;
    long freshReceived;
    Map<String, JsonNode> before;
    try (Collector first = start()) {
      long now = System.currentTimeMillis();
      report(first, "a-frontend-old", "frontend", 1, edge("frontend", "inventory", PeerKind.PEER_KIND_SERVICE, now));
      staleReceived = receivedMillis(first, "frontend", "inventory");
      Thread.sleep(TTL.toMillis() / 2);
      now = System.currentTimeMillis();
      report(first, "a-frontend", "frontend", 1, edge("frontend", "checkout", PeerKind.PEER_KIND_SERVICE, now - 10_000),
          edge("frontend", "checkout", PeerKind.PEER_KIND_SERVICE, now));
      report(first, "a-checkout", "checkout", 1, edge("checkout", "orders-db", PeerKind.PEER_KIND_DATABASE, now));
      freshReceived = receivedMillis(first, "checkout", "orders-db");
      before = edges(getJson(first.queryAddress(), "/api/v1/topology"));
      assertEquals(List.of("checkout->orders-db", "frontend->checkout", "frontend->inventory"),
          List.copyOf(before.keySet()));
    }
    // restart once the stale edge is past the TTL; the fresh ones are not
    long wait = staleReceived + TTL.toMillis() + 300 - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    try (Collector second = start()) {
      JsonNode topology = getJson(second.queryAddress(), "/api/v1/topology");
      assertTrue(System.currentTimeMillis() - freshReceived < TTL.toMillis(),
          "the machine was too slow for this test's TTL: the fresh edges aged out too");
      Map<String, JsonNode> after = edges(topology);
      assertEquals(List.of("checkout->orders-db", "frontend->checkout"), List.copyOf(after.keySet()),
          topology.toString());
      assertEquals(before.get("frontend->checkout"), after.get("frontend->checkout")); // rate, errors, latency
      assertEquals(before.get("checkout->orders-db"), after.get("checkout->orders-db"));
      assertEquals(0.1, after.get("frontend->checkout").path("calls_per_second").asDouble(), 1e-9);
      String dbKind = "";
      for (JsonNode n : topology.path("nodes")) {
        if (n.path("id").asText().equals("orders-db")) {
          dbKind = n.path("kind").asText();
        }
      }
      assertEquals("database", dbKind, topology.toString());
      assertTrue(second.live().edges().neighbours("checkout", "frontend"), "the incident grouper sees them too");
    }
  }

  private Collector start() throws Exception {
    LiveConfig d = LiveConfig.defaults();
    LiveConfig live = new LiveConfig(d.enabled(), d.workers(), d.queueBatches(), d.maxSeries(), d.maxAnomalies(),
        d.maxIncidents(), d.incidentWindow(), d.quietPeriod(), TTL, d.maxSubscribers(), d.detection(), d.entity());
    return Collector.start(CollectorSettings.builder(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build()).live(live).build());
  }

  private static EdgeStats edge(String caller, String callee, PeerKind kind, long timeMillis) {
    return EdgeStats.newBuilder().setTimestampUnixMs(timeMillis).setCaller(caller).setCallee(callee)
        .setCalleeKind(kind).setCalls(1).setErrors(0).build();
  }

  /** One batch from {@code service}'s agent: one request-rate point and the edges. */
  private static void report(Collector c, String agentId, String service, long sequence, EdgeStats... edges)
      throws Exception {
    MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(sequence)
        .addGroups(SampleGroup.newBuilder().setTimestampUnixMs(System.currentTimeMillis()).addSeriesIds(0)
            .addValues(1));
    for (EdgeStats e : edges) {
      b.addEdges(e);
    }
    try (TestAgent agent = TestAgent.connect(c.ingestAddress())) {
      agent.handshake(TestFrames.hello(agentId, service, service + "-1", "node-" + service));
      agent.send(TestFrames.definitions("request_rate"));
      agent.send(ClientFrame.newBuilder().setBatch(b).build());
      assertTrue(agent.read().hasAck());
    }
    assertTrue(c.live().detection().awaitIdle(10, TimeUnit.SECONDS));
  }

  private static long receivedMillis(Collector c, String caller, String callee) {
    return c.live().edges().edges().stream().filter(e -> e.caller().equals(caller) && e.callee().equals(callee))
        .findFirst().orElseThrow().receivedMillis();
  }

  /** The edges by "caller->callee", sorted. */
  private static Map<String, JsonNode> edges(JsonNode topology) {
    Map<String, JsonNode> out = new TreeMap<>();
    topology.path("edges").forEach(e -> out.put(e.path("caller").asText() + "->" + e.path("callee").asText(), e));
    return out;
  }
}
