package dev.faultline.collector.cluster.analysis;

import static dev.faultline.collector.testing.Polling.await;
import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.cluster.KafkaTestBroker;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.LogCapture;
import dev.faultline.collector.testing.QueryHttp;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.PeerKind;
import dev.faultline.proto.v1.SampleGroup;
import java.util.Random;
import java.util.Set;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways and three analyzers on a real KRaft broker, agents connected to the gateways: the scenario's first
 * 300 points go through, the analyzer that owns
 * payments' partition is killed, the rest (with payments' fault at point 320) goes through the two left. The fault
 * is found only if payments' detector state moved with the partition (30 points after the move are far too few for
 * a cold detector, whose warm-up is 128 points), nothing else alerts (no warm-up storm), the incident and its root
 * cause come out as on a single node, and the query port of any surviving node answers, series included.
 */
@Timeout(120)
class AnalyzerClusterTest {

  private static final String SERVICE_ID = "latency_p99_seconds{service=\"payments\",instance=\"payments-1\","
      + "host=\"node-payments\"}";
  @RegisterExtension static final KafkaTestBroker kafka = KafkaTestBroker.perClass();

  @TempDir Path dir;

  @Test
  void partitionsMoveWithTheirDetectorStateAndTheIncidentComesOutAsOnOneNode() throws Exception {
    String p = "t1.";
    try (Admin admin = kafka.admin()) {
      Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      admin.createTopics(List.of(new NewTopic(p + "batches", Optional.of(3), Optional.empty()),
          new NewTopic(p + "anomalies", Optional.of(1), Optional.empty()),
          new NewTopic(p + "incidents", Optional.of(1), Optional.empty()).configs(compact),
          new NewTopic(p + "topology", Optional.of(1), Optional.empty()).configs(compact))).all().get();
    }
    List<AnalyzerNode> nodes = new ArrayList<>();
    try (LogCapture logs = new LogCapture("dev.faultline.collector.cluster.analysis");
        Collector gw0 = gateway(p, 0); Collector gw1 = gateway(p, 1)) {
      Map<String, Collector> gatewayOf = Map.of("frontend", gw0, "checkout", gw1, "payments", gw0);
      for (int i = 0; i < 3; i++) {
        nodes.add(AnalyzerNode.start(settings(p, i)));
      }
      await("three analyzers share the three partitions", Duration.ofSeconds(40),
          () -> nodes.stream().allMatch(n -> n.partitions().size() == 1));

      long end = System.currentTimeMillis();
      long start = end - (ScenarioBatches.POINTS - 1) * ScenarioBatches.STEP;
      int moveAt = 300;
      send(gatewayOf, start, 0, moveAt);
      AnalyzerNode any = nodes.get(0);
      await("the first 300 points analysed", Duration.ofSeconds(30), () -> points(any) == moveAt);
      assertEquals(0, getJson(any.queryAddress(), "/api/v1/anomalies").path("anomalies").size(),
          "steady data, no anomaly");

      AnalyzerNode owner = nodes.stream().filter(n -> n.store().get(SERVICE_ID) != null
          && n.partitions().size() == 1).findFirst().orElseThrow();
      Thread.sleep(2_500); // a checkpoint of every series (interval 1 s here), committed to the changelog (200 ms)
      int restoredBefore = restoredSeries(logs.text());
      owner.kill();
      nodes.remove(owner);
      await("the two left take the three partitions", Duration.ofSeconds(40),
          () -> nodes.stream().mapToInt(n -> n.partitions().size()).sum() == 3);

      assertTrue(restoredSeries(logs.text()) > restoredBefore, "the moved task's detectors came from their"
          + " checkpoints (restored from the changelog), not from the points alone");
      send(gatewayOf, start, moveAt, ScenarioBatches.POINTS);
      AnalyzerNode survivor = nodes.get(0);
      await("all points analysed", Duration.ofSeconds(30), () -> points(survivor) == ScenarioBatches.POINTS);
      await("payments' anomaly", Duration.ofSeconds(20),
          () -> getJson(survivor.queryAddress(), "/api/v1/anomalies").path("anomalies").size() > 0);
      JsonNode anomalies = getJson(survivor.queryAddress(), "/api/v1/anomalies").path("anomalies");
      assertEquals(1, anomalies.size(), "one anomaly, no storm: " + anomalies);
      assertEquals("payments", anomalies.get(0).path("service").asText());
      assertEquals(SERVICE_ID, anomalies.get(0).path("series").asText());

      await("the incident with its root cause", Duration.ofSeconds(40), () -> {
        JsonNode inc = getJson(survivor.queryAddress(), "/api/v1/incidents").path("incidents");
        return inc.size() == 1 && inc.get(0).path("rca").asText().equals("ranked");
      });
      for (AnalyzerNode n : nodes) {
        JsonNode inc = getJson(n.queryAddress(), "/api/v1/incidents").path("incidents");
        assertEquals(1, inc.size(), inc.toString());
        assertTrue(inc.get(0).path("services").toString().contains("payments"), inc.toString());
        assertEquals("payments", inc.get(0).path("root_cause").path("service").asText(), inc.toString());
      }
      JsonNode topology = getJson(survivor.queryAddress(), "/api/v1/topology");
      assertEquals(2, topology.path("edges").size(), topology.toString());
      assertEquals(1, nodes.stream().filter(n -> n.coordinator().isActive()).count(), "one active global step");
      // a gateway's query port answers the analysis routes from the topics too
      await("the gateway's view", Duration.ofSeconds(10), () -> getJson(gw1.queryAddress(),
          "/api/v1/incidents").path("incidents").path(0).path("root_cause").path("service").asText()
          .equals("payments"));
    } finally {
      nodes.forEach(AnalyzerNode::close);
    }
  }

  /** The detector states the analyzer tasks' start-up log lines say were restored from checkpoints, summed. */
  private static int restoredSeries(String log) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) detector states restored").matcher(log);
    int sum = 0;
    while (m.find()) {
      sum += Integer.parseInt(m.group(1));
    }
    return sum;
  }

  private AnalyzerSettings settings(String prefix, int i) {
    return TestAnalyzers.settings(kafka, dir, prefix, i).withCheckpointInterval(Duration.ofSeconds(1));
  }

  private Collector gateway(String prefix, int i) throws InterruptedException {
    ClusterConfig cluster = ClusterConfig.builder().roles(Set.of(ClusterConfig.Role.GATEWAY))
        .bootstrapServers(kafka.bootstrapServers())
        .topics(new ClusterConfig.Topics(prefix + "batches", prefix + "anomalies", prefix + "incidents",
            prefix + "topology"))
        .partitions(3).nodeId("gw-" + i).build();
    CollectorConfig config = CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dir.resolve("gw" + i)).build();
    return Collector.start(CollectorSettings.builder(config).cluster(cluster).build());
  }

  /**
   * Points {@code [from, to)} of every service through its agent's gateway, 10 points per batch, each batch
   * acknowledged (the gateway acknowledges once Kafka did); frontend and checkout report their call edges.
   */
  static void send(Map<String, Collector> gatewayOf, long start, int from, int to) throws Exception {
    for (String s : List.of("frontend", "checkout", "payments")) {
      Random noise = new Random(s.hashCode());
      double[] values = new double[to];
      for (int k = 0; k < to; k++) {
        values[k] = (s.equals("payments") && k >= ScenarioBatches.JUMP_AT ? 1.6 : 0.2)
            * (1 + 0.02 * noise.nextGaussian());
      }
      try (TestAgent agent = TestAgent.connect(gatewayOf.get(s).ingestAddress())) {
        agent.handshake(TestFrames.hello("a-" + s, s, s + "-1", "node-" + s));
        agent.send(TestFrames.definitions("latency_p99_seconds"));
        int sent = 0;
        for (int i = from; i < to; i += 10) {
          MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(i / 10 + 1);
          for (int k = i; k < Math.min(to, i + 10); k++) {
            b.addGroups(SampleGroup.newBuilder().setTimestampUnixMs(start + k * ScenarioBatches.STEP)
                .addSeriesIds(0).addValues(values[k]));
          }
          String callee = s.equals("frontend") ? "checkout" : s.equals("checkout") ? "payments" : null;
          if (callee != null && i + 10 >= to) {
            b.addEdges(EdgeStats.newBuilder().setTimestampUnixMs(start + (to - 1) * ScenarioBatches.STEP)
                .setCaller(s).setCallee(callee).setCalleeKind(PeerKind.PEER_KIND_SERVICE).setCalls(500)
                .setErrors(5));
          }
          agent.send(ClientFrame.newBuilder().setBatch(b).build());
          sent++;
        }
        for (int k = 0; k < sent; k++) {
          assertTrue(agent.read().hasAck(), "acknowledged");
        }
      }
    }
  }

  /** Points of payments' latency as the query port returns them (routed to the owner of its partition). */
  private int points(AnalyzerNode n) {
    try {
      String q = "/api/v1/query?series=" + URLEncoder.encode(SERVICE_ID, StandardCharsets.UTF_8) + "&from=-3h&to=now";
      HttpResponse<String> r = QueryHttp.get(n.queryAddress(), q);
      return r.statusCode() == 200 ? QueryHttp.json(r).path("samples").size() : -r.statusCode();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
