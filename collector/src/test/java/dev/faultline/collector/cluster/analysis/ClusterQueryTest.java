package dev.faultline.collector.cluster.analysis;

import static dev.faultline.collector.testing.Polling.await;
import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.cluster.ClusterTopics;
import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.cluster.KafkaTestBroker;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.security.SecretSource;
import dev.faultline.collector.security.Security;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TestPki;
import dev.faultline.collector.testing.LogCapture;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.SampleGroup;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query port of every role of a scale-out deployment, on a real KRaft broker and real sockets: mutual TLS and
 * tokens on gateways and analyzers (the nodes present their own certificates to each other), series queries routed between analyzers and from a gateway with the caller's token,
 * and one node that is both gateway and analyzer.
 */
@Timeout(120)
class ClusterQueryTest {

  private static final String READ_TOKEN = "read-token-0123456789abcdef01";
  private static final String INTERNAL_TOKEN = "internal-token-fedcba9876543210";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final KafkaTestBroker kafka = KafkaTestBroker.perClass();

  @TempDir Path dir;

  @Test
  void tokensAndTlsGuardEveryRoleAndSeriesQueriesAreRoutedWithTheCallersToken() throws Exception {
    TestPki ca = TestPki.authority(dir, "test-ca");
    TestPki.Issued server = ca.issue("faultline-node");
    Files.writeString(dir.resolve("read.token"), READ_TOKEN + "\n");
    Files.writeString(dir.resolve("internal.token"), INTERNAL_TOKEN + "\n");
    SecurityConfig securityConfig = SecurityConfig.fromMap(Map.of(
        "query-tls", Map.of("cert-file", server.certFile().toString(), "key-file", server.keyFile().toString(),
            "client-ca-file", ca.certFile().toString(), "client-auth", "require"), // mutual TLS, nodes included
        "query-tokens", List.of(Map.of("name", "oncall", "token-file", dir.resolve("read.token").toString()))));
    ClusterConfig cluster = cluster("q1.", Set.of(ClusterConfig.Role.GATEWAY))
        .internalToken(SecretSource.file("cluster.internal-token.token-file", dir.resolve("internal.token")))
        .queryCaFile(ca.certFile()).build();
    try (Admin admin = kafka.admin()) {
      ClusterTopics.ensure(admin, ClusterTopics.specs(cluster), true, kafka.bootstrapServers(), Duration.ofSeconds(20));
    }
    // two services in different partitions of the two: one analyzer owns each
    String[] services = servicesInBothPartitions();
    HttpClient https = HttpClient.newBuilder().sslContext(ca.clientContext(ca.issue("oncall-laptop")))
        .connectTimeout(Duration.ofSeconds(5)).build();
    List<AnalyzerNode> analyzers = new ArrayList<>();
    try (LogCapture logs = new LogCapture("dev.faultline");
        Collector gateway = Collector.start(CollectorSettings.builder(nodeConfig("gw")).security(securityConfig)
            .cluster(cluster).build())) {
      ClusterConfig analyzerCluster = cluster("q1.", Set.of(ClusterConfig.Role.ANALYZER))
          .internalToken(cluster.internalToken()).queryCaFile(ca.certFile()).build();
      for (int i = 0; i < 2; i++) {
        analyzers.add(AnalyzerNode.start(settings("q1.", i).withSecurity(
            Security.load(InternalHop.admitting(securityConfig, analyzerCluster)),
            InternalHop.from(analyzerCluster, securityConfig))));
      }
      await("each analyzer owns one partition", Duration.ofSeconds(40),
          () -> analyzers.stream().allMatch(n -> n.partitions().size() == 1));
      long start = System.currentTimeMillis() - 60_000;
      for (String s : services) {
        send(gateway, s, start, 20);
      }
      await("both series analysed", Duration.ofSeconds(30), () -> java.util.Arrays.stream(services)
          .allMatch(s -> analyzers.stream().anyMatch(n -> n.store().get(seriesOf(s)) != null)));
      AnalyzerNode first = analyzers.get(0);
      String local = seriesOf(services[0]);
      String remote = seriesOf(services[1]);
      if (first.store().get(local) == null) {
        String t = local;
        local = remote;
        remote = t;
      }
      assertNotNull(first.store().get(local), "analyzer 0 holds one");
      assertNull(first.store().get(remote), "the other analyzer holds it");

      String routed = "/api/v1/query?series=" + URLEncoder.encode(remote, StandardCharsets.UTF_8) + "&from=-1h";
      String base0 = "https://127.0.0.1:" + first.queryAddress().getPort();
      String base1 = "https://127.0.0.1:" + analyzers.get(1).queryAddress().getPort();
      String baseGw = "https://127.0.0.1:" + gateway.queryAddress().getPort();
      // a client certificate is required on every role's query port
      HttpClient noCertificate = HttpClient.newBuilder().sslContext(ca.clientContext(null))
          .connectTimeout(Duration.ofSeconds(5)).build();
      for (String base : List.of(base0, base1, baseGw)) {
        assertThrows(java.io.IOException.class, () -> noCertificate.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/incidents")).header("Authorization", "Bearer " + READ_TOKEN).GET().build(),
            HttpResponse.BodyHandlers.ofString()), base);
      }
      // without a token: 401 on every role, for series and analysis routes alike
      for (String base : List.of(base0, base1, baseGw)) {
        assertEquals(401, get(https, base + routed, null).statusCode(), base);
        assertEquals(401, get(https, base + "/api/v1/incidents", null).statusCode(), base);
      }
      assertEquals(401, get(https, base0 + routed, "not-a-token-of-this-cluster-000").statusCode());

      // routed from analyzer 0 to analyzer 1 over TLS with the caller's token
      HttpResponse<String> r = get(https, base0 + routed, READ_TOKEN);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(20, JSON.readTree(r.body()).path("samples").size(), r.body());
      // the internal token is admitted (scope read) on every node
      assertEquals(200, get(https, base1 + routed, INTERNAL_TOKEN).statusCode());

      // a gateway is not a Streams instance: it passes series queries to an analyzer, which routes them
      await("the gateway knows the analyzers", Duration.ofSeconds(15),
          () -> get(https, baseGw + routed, READ_TOKEN).statusCode() == 200);
      for (String series : List.of(local, remote)) {
        HttpResponse<String> g = get(https, baseGw + "/api/v1/query?series="
            + URLEncoder.encode(series, StandardCharsets.UTF_8) + "&from=-1h", READ_TOKEN);
        assertEquals(200, g.statusCode(), g.body());
        assertEquals(20, JSON.readTree(g.body()).path("samples").size(), g.body());
      }
      HttpResponse<String> list = get(https, baseGw + "/api/v1/series?metric=latency_p99_seconds", READ_TOKEN);
      assertEquals(200, list.statusCode(), list.body());
      assertEquals(2, JSON.readTree(list.body()).path("series").size(), list.body());
      // services and hosts of the whole cluster on every node, although each analyzer holds one of the two
      List<String> both = java.util.Arrays.stream(services).sorted().toList();
      for (String base : List.of(base0, base1, baseGw)) {
        HttpResponse<String> sv = get(https, base + "/api/v1/services", READ_TOKEN);
        assertEquals(200, sv.statusCode(), sv.body());
        JsonNode body = JSON.readTree(sv.body());
        List<String> names = new ArrayList<>();
        body.path("services").forEach(n -> names.add(n.path("name").asText()));
        assertEquals(both, names, base + ": " + sv.body());
        assertEquals(0, body.path("unanswered").size(), sv.body());
        JsonNode hosts = JSON.readTree(get(https, base + "/api/v1/hosts", READ_TOKEN).body()).path("hosts");
        assertEquals(2, hosts.size(), hosts.toString());
      }
      HttpResponse<String> missing = get(https, baseGw + "/api/v1/query?series=nope", READ_TOKEN);
      assertEquals(404, missing.statusCode(), missing.body());
      assertEquals(200, get(https, baseGw + "/api/v1/incidents", READ_TOKEN).statusCode());

      // one analyzer stops: the gateway asks the other
      AnalyzerNode gone = analyzers.remove(1);
      gone.close();
      await("the survivor takes both partitions", Duration.ofSeconds(40),
          () -> analyzers.get(0).partitions().size() == 2);
      await("the gateway still answers series", Duration.ofSeconds(30),
          () -> get(https, baseGw + routed, READ_TOKEN).statusCode() == 200);

      assertFalse(logs.text().contains(READ_TOKEN), "no token in the logs");
      assertFalse(logs.text().contains(INTERNAL_TOKEN), "no token in the logs");
    } finally {
      analyzers.forEach(AnalyzerNode::close);
    }
  }

  @Test
  void oneNodeThatIsGatewayAndAnalyzerIngestsDetectsAndAnswers() throws Exception {
    ClusterConfig cluster = cluster("q2.", Set.of(ClusterConfig.Role.GATEWAY, ClusterConfig.Role.ANALYZER))
        .clientProperties(Map.of("commit.interval.ms", "200", "metadata.max.age.ms", "2000")).build();
    try (Collector node = Collector.start(CollectorSettings.builder(nodeConfig("both")).cluster(cluster).build())) {
      assertNotNull(node.analyzer(), "an analyzer on this node");
      await("the analyzer owns both partitions", Duration.ofSeconds(40),
          () -> node.analyzer().partitions().size() == 2);
      long end = System.currentTimeMillis();
      long start = end - (ScenarioBatches.POINTS - 1) * ScenarioBatches.STEP;
      AnalyzerClusterTest.send(Map.of("frontend", node, "checkout", node, "payments", node), start, 0,
          ScenarioBatches.POINTS);
      await("payments' fault detected", Duration.ofSeconds(40), () -> getJson(node.queryAddress(), "/api/v1/anomalies")
          .path("anomalies").toString().contains("\"service\":\"payments\""));
      JsonNode anomalies = getJson(node.queryAddress(), "/api/v1/anomalies").path("anomalies");
      assertEquals(1, anomalies.size(), anomalies.toString());
      await("the incident with its root cause", Duration.ofSeconds(40), () -> {
        JsonNode inc = getJson(node.queryAddress(), "/api/v1/incidents").path("incidents");
        return inc.size() == 1 && inc.get(0).path("rca").asText().equals("ranked");
      });
      JsonNode incident = getJson(node.queryAddress(), "/api/v1/incidents").path("incidents").get(0);
      assertEquals("payments", incident.path("root_cause").path("service").asText(), incident.toString());
      JsonNode series = getJson(node.queryAddress(), "/api/v1/query?series=" + URLEncoder.encode(
          "latency_p99_seconds{service=\"payments\",instance=\"payments-1\",host=\"node-payments\"}",
          StandardCharsets.UTF_8) + "&from=-3h");
      assertEquals(ScenarioBatches.POINTS, series.path("samples").size());
      JsonNode status = getJson(node.queryAddress(), "/api/v1/cluster");
      assertEquals("gateway,analyzer", status.path("role").asText(), status.toString());
      assertEquals("active", status.path("global_step").asText(), status.toString());
    }
  }

  private static ClusterConfig.Builder cluster(String prefix, Set<ClusterConfig.Role> roles) {
    return ClusterConfig.builder().roles(roles).bootstrapServers(kafka.bootstrapServers())
        .topics(new ClusterConfig.Topics(prefix + "batches", prefix + "anomalies", prefix + "incidents",
            prefix + "topology"))
        .partitions(2).nodeId(prefix.replace(".", "") + "-node");
  }

  private CollectorConfig nodeConfig(String name) {
    return CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dir.resolve(name)).build();
  }

  private AnalyzerSettings settings(String prefix, int i) {
    return TestAnalyzers.settings(kafka, dir, prefix, i);
  }

  /** Two service names whose keys fall in different partitions of a 2-partition topic (Kafka's partitioner). */
  private static String[] servicesInBothPartitions() {
    String a = "alpha";
    for (int i = 0; ; i++) {
      String b = "beta" + i;
      if (partition(a) != partition(b)) {
        return new String[] {a, b};
      }
    }
  }

  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
  }

  private static String seriesOf(String service) {
    return "latency_p99_seconds{service=\"" + service + "\",instance=\"" + service + "-1\",host=\"node-" + service
        + "\"}";
  }

  /** {@code points} points of the service's latency through the gateway, one batch, acknowledged. */
  private static void send(Collector gateway, String service, long start, int points) throws Exception {
    try (TestAgent agent = TestAgent.connect(gateway.ingestAddress())) {
      agent.handshake(TestFrames.hello("a-" + service, service, service + "-1", "node-" + service));
      agent.send(TestFrames.definitions("latency_p99_seconds"));
      MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(1);
      for (int k = 0; k < points; k++) {
        b.addGroups(SampleGroup.newBuilder().setTimestampUnixMs(start + k * 1000L).addSeriesIds(0)
            .addValues(0.2 + k * 0.001));
      }
      agent.send(ClientFrame.newBuilder().setBatch(b).build());
      assertTrue(agent.read().hasAck(), "acknowledged");
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
