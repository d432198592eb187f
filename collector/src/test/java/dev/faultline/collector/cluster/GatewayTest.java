package dev.faultline.collector.cluster;

import dev.faultline.collector.ingest.PortableBatchCodec;
import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.cluster.ClusterConfig.Role;
import dev.faultline.collector.cluster.ClusterConfig.Topics;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.testing.LogCapture;
import dev.faultline.collector.testing.QueryHttp;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.netty.util.NettyRuntime;
import io.netty.util.internal.SystemPropertyUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway role against a real KRaft broker: agents connect as to a single node, each batch is acknowledged only
 * after Kafka acknowledged it, and the topic holds every acknowledged batch once, keyed by service. The stall and
 * outage tests stop the shared broker (and restart it), so they run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class GatewayTest {

  @RegisterExtension static final KafkaTestBroker kafka = KafkaTestBroker.perClass();

  @TempDir Path dataDir;

  private static ClusterConfig gateway(String prefix, Duration publishTimeout) {
    return ClusterConfig.builder().roles(Set.of(Role.GATEWAY)).bootstrapServers(kafka.bootstrapServers())
        .topics(new Topics(prefix + ".batches", prefix + ".anomalies", prefix + ".incidents", prefix + ".topology"))
        .partitions(3).nodeId("gw-test").publishTimeout(publishTimeout).build();
  }

  private Collector start(ClusterConfig cluster) throws InterruptedException {
    CollectorConfig config = CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dataDir).build();
    return Collector.start(CollectorSettings.builder(config).cluster(cluster).build());
  }

  @Test
  @Order(1)
  void ackedBatchesAreInTheTopicOncePerAgentAndSequenceKeyedByService() throws Exception {
    ClusterConfig cluster = gateway("acked", Duration.ofSeconds(10));
    long now = System.currentTimeMillis();
    try (Collector gw = start(cluster)) {
      for (String[] a : new String[][] {{"a-checkout", "checkout"}, {"a-payments", "payments"}}) {
        try (TestAgent agent = TestAgent.connect(gw.ingestAddress())) {
          agent.handshake(hello(a[0], a[1], a[1] + "-1", "web-1"));
          agent.send(definitions("jvm_threads_live", "http_server_requests:route=/pay"));
          for (int seq = 1; seq <= 20; seq++) {
            agent.send(batch(seq, now + seq * 1000L, new int[] {0, 1}, new double[] {seq, seq * 10}));
          }
          for (int seq = 1; seq <= 20; seq++) {
            assertEquals(seq, agent.read().getAck().getSequence());
          }
        }
      }
      // the agent lost the ack of 20 and resends it: acknowledged again, not published again
      try (TestAgent agent = TestAgent.connect(gw.ingestAddress())) {
        assertEquals(20, agent.handshake(hello("a-checkout", "checkout", "checkout-1", "web-1")).getHelloReply()
            .getLastSequence());
        agent.send(definitions("jvm_threads_live", "http_server_requests:route=/pay"));
        agent.send(batch(20, now + 20_000, new int[] {0, 1}, new double[] {20, 200}));
        agent.send(batch(21, now + 21_000, new int[] {0, 1}, new double[] {21, 210}));
        assertEquals(20, agent.read().getAck().getSequence());
        assertEquals(21, agent.read().getAck().getSequence());
      }
      assertEquals(41, gw.gateway().published());
      assertEquals(1, gw.ingestStats().batchesDuplicate());
      assertEquals(0, gw.store().seriesCount(), "a gateway keeps no batches itself");

      String health = get(gw.queryAddress(), "/healthz");
      assertTrue(health.contains("\"status\":\"ok\""), health);
      assertTrue(health.contains("\"kafka\":{\"role\":\"gateway\",\"topic\":\"acked.batches\",\"state\":\"ok\""),
          health);
      assertTrue(health.contains("\"batches_published\":41"), health);
      assertTrue(get(gw.queryAddress(), "/api/v1/agents").contains("a-payments"), "the query port lists agents");
      assertTrue(get(gw.queryAddress(), "/metrics").contains("faultline_gateway_published_batches_total 41.0"));
    }

    List<ConsumerRecord<byte[], byte[]>> records = readAll("acked.batches", 41);
    assertEquals(41, records.size());
    Set<String> ids = new HashSet<>();
    Map<String, Set<Integer>> partitionsByService = new HashMap<>();
    PortableBatchCodec.Decoder decoder = new PortableBatchCodec.Decoder();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      BatchEnvelope e = BatchEnvelope.decode(r.value());
      assertTrue(ids.add(e.agentId() + "/" + e.sequence()), "once per agent and sequence: " + e);
      DecodedBatch b = e.decode(decoder);
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertEquals(b.agent().service(), key);
      assertEquals(e.agentId(), b.agent().agentId());
      assertEquals(now + e.sequence() * 1000L, b.timestamps()[0]);
      assertEquals(e.sequence() * 10.0, b.values()[1]);
      assertEquals("http_server_requests", b.series()[1].key().metric());
      partitionsByService.computeIfAbsent(key, k -> new HashSet<>()).add(r.partition());
    }
    assertEquals(Map.of("checkout", 1, "payments", 1), Map.of("checkout",
        partitionsByService.get("checkout").size(), "payments", partitionsByService.get("payments").size()),
        "one service, one partition: " + partitionsByService);
  }

  @Test
  @Order(2)
  void missingTopicWithoutCreateTopicsRefusesToStartNamingIt() {
    ClusterStartException e = assertThrows(ClusterStartException.class,
        () -> start(gateway("absent", Duration.ofSeconds(5)).toBuilder().createTopics(false).build()));
    assertTrue(e.getMessage().contains("'absent.batches' does not exist"), e.getMessage());
  }

  @Test
  @Order(3)
  void whileAPublishWaitsForKafkaTheIngestEventLoopsStillAnswerOtherConnections() throws Exception {
    // Kafka stops before the first publish: the producer never had the topic's metadata, so each send() waits for
    // it until publish-timeout (4 s). That wait must not hold the ingest event loop of the connection.
    ClusterConfig cluster = gateway("stall", Duration.ofSeconds(4));
    long now = System.currentTimeMillis();
    List<TestAgent> stalled = new ArrayList<>();
    try (Collector gw = start(cluster)) {
      kafka.stop();
      // Netty spreads consecutive connections round-robin over its event loops: one stalled connection per loop
      int loops = SystemPropertyUtil.getInt("io.netty.eventLoopThreads", NettyRuntime.availableProcessors() * 2);
      long sent = System.nanoTime();
      for (int i = 0; i < loops; i++) {
        TestAgent agent = TestAgent.connect(gw.ingestAddress());
        stalled.add(agent);
        agent.handshake(hello("a-stall-" + i, "svc-" + i, "svc-" + i + "-1", "web-1"));
        agent.send(definitions("jvm_threads_live"));
        for (int seq = 1; seq <= 3; seq++) {
          agent.send(batch(seq, now + seq * 1000L, new int[] {0}, new double[] {seq}));
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (gw.gateway().inFlight() < 3 * loops && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(3 * loops, gw.gateway().inFlight(), "every batch reached the gateway and waits for Kafka");

      long asked = System.nanoTime();
      try (TestAgent probe = TestAgent.connect(gw.ingestAddress())) {
        ServerFrame reply = probe.handshake(hello("a-probe", "probe", "probe-1", "web-1"));
        long tookMillis = (System.nanoTime() - asked) / 1_000_000;
        assertTrue(reply.hasHelloReply(), reply.toString());
        assertTrue(tookMillis < 2_000, "a handshake on a loop with a stalled publish took " + tookMillis + " ms");
      }
      assertEquals(3 * loops, gw.gateway().inFlight(), "the publishes were still waiting during the handshake");

      for (TestAgent agent : stalled) {
        ServerFrame answer = readWithin(agent, Duration.ofSeconds(20));
        assertTrue(answer.hasRejection(), "not acknowledged without Kafka: " + answer);
        assertEquals(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, answer.getRejection().getCause());
      }
      long waited = (System.nanoTime() - sent) / 1_000_000;
      assertTrue(waited >= 3_500, "refused after publish-timeout, not before: " + waited + " ms");
    } finally {
      for (TestAgent agent : stalled) {
        agent.close();
      }
      kafka.restart();
    }
  }

  @Test
  @Order(4)
  void brokerDownMeansNoAckThenUnavailableAndTheBatchesArriveAfterItReturns() throws Exception {
    ClusterConfig cluster = gateway("outage", Duration.ofSeconds(2));
    long now = System.currentTimeMillis();
    try (Collector gw = start(cluster); LogCapture logs = new LogCapture(KafkaBatchLog.class.getName())) {
      try (TestAgent agent = TestAgent.connect(gw.ingestAddress())) {
        agent.handshake(hello("a-1", "checkout", "checkout-1", "web-1"));
        agent.send(definitions("jvm_threads_live"));
        agent.send(batch(1, now, new int[] {0}, new double[] {1}));
        assertEquals(1, agent.read().getAck().getSequence());

        kafka.stop();
        assertFalse(kafka.portOpen());
        long sent = System.nanoTime(); // before the sends: a descheduled test thread must not shorten the wait
        for (int seq = 2; seq <= 6; seq++) {
          agent.send(batch(seq, now + seq * 1000L, new int[] {0}, new double[] {seq}));
        }
        ServerFrame answer = readWithin(agent, Duration.ofSeconds(20));
        assertTrue(answer.hasRejection(), "no ack while Kafka is down: " + answer);
        assertEquals(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, answer.getRejection().getCause());
        // the first of 2..6 to fail: batch 2 expiring in the producer, or a later one whose send() waited for the
        // topic's metadata that long, can come first (the agent resends from its last ack, 1, either way)
        assertTrue(answer.getRejection().getMessage().matches(".*could not publish batch [2-6] to Kafka.*"),
            answer.getRejection().getMessage());
        // Refused when publish-timeout (2 s) ran out: Kafka did not acknowledge, or (the producer also lost the
        // topic's metadata) send() waited that long for it, on the gateway's sender thread.
        String reason = answer.getRejection().getMessage();
        long waited = System.nanoTime() - sent;
        assertTrue(waited >= 1_500_000_000L, "refused after " + waited / 1_000_000 + " ms: " + reason);
      }
      String health = get(gw.queryAddress(), "/healthz");
      assertTrue(health.contains("\"status\":\"degraded\""), health);
      assertTrue(health.contains("Kafka does not take batches"), health);
      assertTrue(get(gw.queryAddress(), "/metrics").contains("faultline_gateway_publish_failures_total{cause="));

      kafka.restart();
      // the agent resends from its last acknowledged sequence until acknowledged (bounded)
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      boolean acked = false;
      while (!acked && System.nanoTime() < deadline) {
        try (TestAgent agent = TestAgent.connect(gw.ingestAddress())) {
          long last = agent.handshake(hello("a-1", "checkout", "checkout-1", "web-1")).getHelloReply()
              .getLastSequence();
          assertTrue(last >= 1 && last <= 6, "last sequence " + last);
          agent.send(definitions("jvm_threads_live"));
          for (long seq = last + 1; seq <= 6; seq++) {
            agent.send(batch(seq, now + seq * 1000L, new int[] {0}, new double[] {seq}));
          }
          acked = last == 6;
          for (long seq = last + 1; seq <= 6; seq++) {
            ServerFrame answer = readWithin(agent, Duration.ofSeconds(10));
            acked = answer.hasAck() && answer.getAck().getSequence() == seq;
            if (!acked) {
              break;
            }
          }
        }
        if (!acked) {
          Thread.sleep(500);
        }
      }
      assertTrue(acked, "batches 2..6 acknowledged once Kafka is back");
      assertTrue(get(gw.queryAddress(), "/healthz").contains("\"status\":\"ok\""));

      long failed = gw.gateway().failures().values().stream().mapToLong(Long::longValue).sum();
      List<String> warnings = logs.warnings();
      // batches 3..6 may expire with 2 or, appended later, be delivered once the broker is back (then they are not
      // acknowledged: the agent resends them after the failed 2)
      assertTrue(failed >= 1, "refused publishes counted: " + gw.gateway().failures());
      assertTrue(!warnings.isEmpty() && warnings.size() <= gw.gateway().failures().size(),
          "one line per cause, not per batch (" + failed + " failures): " + warnings);
      assertEquals(1, logs.text().lines().filter(l -> l.contains("Kafka takes batches again")).count(),
          logs.text());
    } finally {
      kafka.restart();
    }
    List<ConsumerRecord<byte[], byte[]>> records = readAll("outage.batches", 6);
    Set<Long> sequences = new java.util.TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      sequences.add(BatchEnvelope.decode(r.value()).sequence());
    }
    assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L), sequences, "every acknowledged batch is in the topic");
  }

  /** One server frame, read with the agent's own 5 s read timeout, retried up to {@code within}. */
  private static ServerFrame readWithin(TestAgent agent, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return agent.read();
      } catch (java.net.SocketTimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** Every record of {@code topic} from the beginning, waiting up to 20 s for at least {@code expected}. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    return kafka.readFromStart(topic, records -> records.size() >= expected, Duration.ofMillis(300));
  }

  /** The body of a GET on the query port, whatever its status. */
  private static String get(InetSocketAddress queryAddress, String path) {
    return QueryHttp.get(queryAddress, path).body();
  }
}
