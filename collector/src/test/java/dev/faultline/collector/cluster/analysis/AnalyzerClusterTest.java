package dev.faultline.collector.cluster.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.cluster.KafkaTestBroker;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.model.DecodedBatch;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three analyzers on a real KRaft broker: the scenario's first 300 points go through, the analyzer that owns
 * payments' partition is killed, the rest (with payments' fault at point 320) goes through the two left. The fault
 * is found only if payments' detector state moved with the partition (30 points after the move are far too few for
 * a cold detector, whose warm-up is 128 points), nothing else alerts (no warm-up storm), the incident and its root
 * cause come out as on a single node, and the query port of any surviving node answers, series included.
 */
@Timeout(120)
class AnalyzerClusterTest {

  private static final String SERVICE_ID = "latency_p99_seconds{service=\"payments\",instance=\"payments-1\","
      + "host=\"node-payments\"}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KafkaTestBroker kafka;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = KafkaTestBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

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
    try (KafkaProducer<String, byte[]> gateway = producer()) {
      for (int i = 0; i < 3; i++) {
        nodes.add(AnalyzerNode.start(settings(p, i)));
      }
      await("three analyzers share the three partitions", Duration.ofSeconds(40),
          () -> nodes.stream().allMatch(n -> n.partitions().size() == 1));

      long end = System.currentTimeMillis();
      long start = end - (ScenarioBatches.POINTS - 1) * ScenarioBatches.STEP;
      int moveAt = 300;
      send(gateway, p, start, 0, moveAt);
      AnalyzerNode any = nodes.get(0);
      await("the first 300 points analysed", Duration.ofSeconds(30), () -> points(any) == moveAt);
      assertEquals(0, get(any, "/api/v1/anomalies").path("anomalies").size(), "steady data, no anomaly");

      AnalyzerNode owner = nodes.stream().filter(n -> n.store().get(SERVICE_ID) != null
          && n.partitions().size() == 1).findFirst().orElseThrow();
      owner.kill();
      nodes.remove(owner);
      await("the two left take the three partitions", Duration.ofSeconds(40),
          () -> nodes.stream().mapToInt(n -> n.partitions().size()).sum() == 3);

      send(gateway, p, start, moveAt, ScenarioBatches.POINTS);
      AnalyzerNode survivor = nodes.get(0);
      await("all points analysed", Duration.ofSeconds(30), () -> points(survivor) == ScenarioBatches.POINTS);
      await("payments' anomaly", Duration.ofSeconds(20),
          () -> get(survivor, "/api/v1/anomalies").path("anomalies").size() > 0);
      JsonNode anomalies = get(survivor, "/api/v1/anomalies").path("anomalies");
      assertEquals(1, anomalies.size(), "one anomaly, no storm: " + anomalies);
      assertEquals("payments", anomalies.get(0).path("service").asText());
      assertEquals(SERVICE_ID, anomalies.get(0).path("series").asText());

      await("the incident with its root cause", Duration.ofSeconds(40), () -> {
        JsonNode inc = get(survivor, "/api/v1/incidents").path("incidents");
        return inc.size() == 1 && inc.get(0).path("rca").asText().equals("ranked");
      });
      for (AnalyzerNode n : nodes) {
        JsonNode inc = get(n, "/api/v1/incidents").path("incidents");
        assertEquals(1, inc.size(), inc.toString());
        assertTrue(inc.get(0).path("services").toString().contains("payments"), inc.toString());
        assertEquals("payments", inc.get(0).path("root_cause").path("service").asText(), inc.toString());
      }
      JsonNode topology = get(survivor, "/api/v1/topology");
      assertEquals(2, topology.path("edges").size(), topology.toString());
      assertEquals(1, nodes.stream().filter(n -> n.coordinator().isActive()).count(), "one active global step");
    } finally {
      nodes.forEach(AnalyzerNode::close);
    }
  }

  private AnalyzerSettings settings(String prefix, int i) {
    Map<String, Object> fast = Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 500,
        "commit.interval.ms", 200, "metadata.max.age.ms", 2000);
    return AnalyzerSettings.of(kafka.bootstrapServers(), "analyzer-" + i, dir.resolve("a" + i))
        .withApplicationId(prefix + "analyzer")
        .withTopics(prefix + "batches", prefix + "anomalies", prefix + "incidents", prefix + "topology")
        .withQueryAddress(new Endpoint("127.0.0.1", 0))
        .withOverrides(fast);
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Points {@code [from, to)} of every service, in batches of 10, as a gateway publishes them. */
  private static void send(KafkaProducer<String, byte[]> gateway, String prefix, long start, int from, int to)
      throws Exception {
    for (int i = from; i < to; i += 10) {
      for (String s : List.of("frontend", "checkout", "payments")) {
        DecodedBatch b = ScenarioBatches.batch(s, start, i, Math.min(to, i + 10));
        gateway.send(new ProducerRecord<>(prefix + "batches", BatchEnvelope.key(b.agent()),
            BatchEnvelope.of(b, System.currentTimeMillis()).encode()));
      }
    }
    gateway.flush();
  }

  /** Points of payments' latency as the query port returns them (routed to the owner of its partition). */
  private int points(AnalyzerNode n) {
    try {
      String q = "/api/v1/query?series=" + URLEncoder.encode(SERVICE_ID, StandardCharsets.UTF_8) + "&from=-3h&to=now";
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, q)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()).path("samples").size() : -r.statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private JsonNode get(AnalyzerNode n, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(AnalyzerNode n, String path) {
    return URI.create("http://127.0.0.1:" + n.queryAddress().getPort() + path);
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(100);
    }
  }
}
