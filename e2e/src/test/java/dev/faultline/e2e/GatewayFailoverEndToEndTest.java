package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.cluster.KafkaTestBroker;
import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Streams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway collectors ({@code cluster.role: gateway}) in their own JVMs on a real single-node Kafka broker (in
 * the test JVM), and an application whose agent has both in its {@code collector} list. Gateway A is killed
 * (kill -9 of its PID) mid-stream: the agent moves to B and resends what A had not acknowledged. After a graceful
 * stop of the application the batches topic, read from the beginning, holds every sequence from 1 to the highest B
 * acknowledged: nothing acknowledged is lost. A batch may be in the topic twice (A published it but died before its
 * ack reached the agent, which resent it to B): delivery across gateways is at least once, consumers apply each
 * (agent id, sequence) once.
 */
@Timeout(120)
class GatewayFailoverEndToEndTest {

  private static final String SERVICE = "gwfailover";
  private static final String TOPIC = "faultline.batches";

  @TempDir Path dir;

  @Test
  void agentMovesToTheOtherGatewayAndEveryAcknowledgedBatchIsInTheTopic() throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try {
      KafkaTestBroker kafka = started(open, KafkaTestBroker.start());
      int portA = Ports.free();
      int portB = Ports.free();
      String addressA = "127.0.0.1:" + portA;
      String addressB = "127.0.0.1:" + portB;
      CollectorProcess a = started(open, gateway("gw-a", portA, kafka));
      CollectorProcess b = started(open, gateway("gw-b", portB, kafka));
      Jvm app = started(open, Streams.startApp(addressA + "," + addressB, SERVICE, "200ms", "1MiB", false));
      Ports.awaitReady(app);
      long ackedByA = awaitAcked(a, 10, Duration.ofSeconds(40));

      long killedA = System.nanoTime();
      a.kill();
      String toB = app.awaitLine(l -> l.contains("switched collector " + addressA + " -> " + addressB),
          Duration.ofSeconds(30));
      long toBMillis = (System.nanoTime() - killedA) / 1_000_000;
      awaitAcked(b, ackedByA + 10, Duration.ofSeconds(40));

      app.close(); // graceful: the last batch is flushed to B
      long acked = awaitStableLastSequence(b);

      TreeMap<Long, Integer> copies = new TreeMap<>();
      Set<String> agentIds = new TreeSet<>();
      for (ConsumerRecord<byte[], byte[]> r : readService(kafka, acked)) {
        BatchEnvelope e = BatchEnvelope.decode(r.value());
        agentIds.add(e.agentId());
        copies.merge(e.sequence(), 1, Integer::sum);
      }
      long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
      List<Long> missing = new ArrayList<>();
      for (long seq = 1; seq <= acked; seq++) {
        if (!copies.containsKey(seq)) {
          missing.add(seq);
        }
      }
      System.out.printf("gateway failover: %s (%d ms after kill -9 of A); A had acknowledged >= %d, B acknowledged"
          + " up to %d; topic: %d distinct sequences (highest %d), %d duplicate records, missing %s%n", toB,
          toBMillis, ackedByA, acked, copies.size(), copies.isEmpty() ? 0 : copies.lastKey(), duplicates, missing);
      assertEquals(1, agentIds.size(), "one agent reported " + SERVICE + ": " + agentIds);
      assertTrue(acked >= ackedByA + 10, "the agent kept reporting through B: " + acked);
      assertEquals(List.of(), missing, "every acknowledged sequence 1.." + acked + " is in the topic");
      assertEquals(0, b.agent(SERVICE + "-1").orElseThrow().get("dropped_batches").asLong());
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private CollectorProcess gateway(String nodeId, int ingestPort, KafkaTestBroker kafka) throws Exception {
    Path data = Files.createDirectories(dir.resolve(nodeId));
    Path config = Files.writeString(dir.resolve(nodeId + ".yaml"), String.join("\n",
        "cluster:",
        "  role: gateway",
        "  bootstrap-servers: " + kafka.bootstrapServers(),
        "  node-id: " + nodeId,
        "  partitions: 3",
        "  publish-timeout: 5s",
        ""));
    return CollectorProcess.start(ingestPort, data, "--config", config.toString());
  }

  private static <T extends AutoCloseable> T started(List<AutoCloseable> open, T process) {
    open.add(process);
    return process;
  }

  private static long lastSequence(CollectorProcess gateway) throws Exception {
    return gateway.agent(SERVICE + "-1").map(a -> a.get("last_sequence").asLong()).orElse(0L);
  }

  /** Waits until the gateway acknowledged at least {@code sequence} of the app's agent; returns what it has. */
  private static long awaitAcked(CollectorProcess gateway, long sequence, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = 0;
    while (System.nanoTime() < deadline) {
      last = lastSequence(gateway);
      if (last >= sequence) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("gateway acknowledged only up to " + last + ", expected " + sequence + "\n"
        + gateway.transcript());
  }

  /** B's highest acknowledged sequence once it stops changing (the agent has said goodbye). */
  private static long awaitStableLastSequence(CollectorProcess gateway) throws Exception {
    long previous = -1;
    for (int i = 0; i < 50; i++) {
      long last = lastSequence(gateway);
      if (last == previous) {
        return last;
      }
      previous = last;
      Thread.sleep(400);
    }
    throw new AssertionError("last_sequence still moving: " + previous);
  }

  /**
   * The app's records of the batches topic from the beginning, until one holds {@code highest} (or 20 s), and
   * what follows within 500 ms: a duplicate or an unacknowledged batch may follow the highest acknowledged one.
   */
  private static List<ConsumerRecord<byte[], byte[]>> readService(KafkaTestBroker kafka, long highest) {
    return kafka.readFromStart(TOPIC, records -> records.stream().anyMatch(r -> ofService(r)
        && BatchEnvelope.decode(r.value()).sequence() >= highest), Duration.ofMillis(500))
        .stream().filter(GatewayFailoverEndToEndTest::ofService).toList();
  }

  private static boolean ofService(ConsumerRecord<byte[], byte[]> r) {
    return SERVICE.equals(new String(r.key(), StandardCharsets.UTF_8));
  }
}
