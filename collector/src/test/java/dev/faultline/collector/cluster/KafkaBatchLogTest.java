package dev.faultline.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.ingest.PublishingSink;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sink's bookkeeping with Kafka's own {@link MockProducer} at the producer boundary (completion under the
 * test's control): resends join the publish in flight, outcomes reach every waiting callback, failures are logged
 * once per cause. The real broker path is {@link GatewayTest}.
 */
class KafkaBatchLogTest {

  private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
      new ByteArraySerializer());
  private final KafkaBatchLog sink = new KafkaBatchLog(producer, "t.batches", 1000, Duration.ofSeconds(10));

  @AfterEach
  void stop() {
    sink.close();
  }

  /** Waits (bounded) until the sender thread handed {@code n} records to the producer. */
  private void awaitSent(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (producer.history().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(n, producer.history().size());
  }

  @Test
  void aResendWhileInFlightJoinsTheFirstPublishAndBothAreHeld() throws Exception {
    DecodedBatch b = BatchEnvelopeTest.batch("a-1", "checkout", 5, 4);
    Outcomes first = new Outcomes();
    Outcomes resend = new Outcomes();
    sink.publish(b, new byte[] {1, 2}, 1000, first);
    sink.publish(b, new byte[] {1, 2}, 1001, resend);
    awaitSent(1); // one record for one agent sequence
    Thread.sleep(50);
    assertEquals(1, producer.history().size(), "one record for one agent sequence");
    assertEquals("checkout", new String(producer.history().get(0).key(), StandardCharsets.UTF_8));
    BatchEnvelope e = BatchEnvelope.decode(producer.history().get(0).value());
    assertEquals("a-1", e.agentId());
    assertEquals(5, e.sequence());
    assertEquals(1000, producer.history().get(0).timestamp());
    assertEquals(List.of(), first.events, "not held before Kafka acknowledged");

    assertTrue(producer.completeNext());
    assertEquals(List.of("held"), first.events);
    assertEquals(List.of("held"), resend.events);
    assertEquals(1, sink.published());
    assertEquals(1L, sink.health().get("resends_joined"));
    assertEquals(0, sink.health().get("batches_in_flight"));

    sink.publish(b, new byte[] {1, 2}, 1002, new Outcomes()); // no longer in flight: a new record
    awaitSent(2);
  }

  @Test
  void failuresReachEveryWaiterAndAreLoggedOncePerCause() throws Exception {
    try (LogCapture logs = new LogCapture(KafkaBatchLog.class.getName())) {
      Outcomes[] outcomes = new Outcomes[4];
      for (int seq = 1; seq <= 3; seq++) {
        outcomes[seq] = new Outcomes();
        sink.publish(BatchEnvelopeTest.batch("a-1", "checkout", seq, 2), new byte[] {1}, seq, outcomes[seq]);
      }
      Outcomes joined = new Outcomes();
      sink.publish(BatchEnvelopeTest.batch("a-1", "checkout", 3, 2), new byte[] {1}, 9, joined);
      awaitSent(3);
      for (int i = 0; i < 3; i++) {
        assertTrue(producer.errorNext(new TimeoutException("Expiring 1 record(s) after 2000 ms")));
      }
      for (int seq = 1; seq <= 3; seq++) {
        assertTrue(outcomes[seq].events.get(0).startsWith("failed TimeoutException: Expiring"),
            outcomes[seq].events.toString());
      }
      assertEquals(outcomes[3].events, joined.events);
      assertEquals(3L, sink.failures().get("TimeoutException"));
      assertEquals(1, logs.warnings().size(), logs.text());
      assertTrue(sink.degradedReason().contains("TimeoutException"));

      sink.publish(BatchEnvelopeTest.batch("a-1", "checkout", 4, 2), new byte[] {1}, 10, new Outcomes());
      awaitSent(4);
      producer.completeNext();
      assertNull(sink.degradedReason());
      assertEquals(1, logs.text().lines().filter(l -> l.contains("Kafka takes batches again")).count());
    }
  }

  @Test
  void aClosedProducerFailsInsteadOfThrowing() throws Exception {
    producer.close();
    Outcomes o = new Outcomes();
    sink.publish(BatchEnvelopeTest.batch("a-1", "checkout", 1, 2), new byte[] {1}, 1, o);
    o.await(1);
    assertTrue(o.events.get(0).startsWith("failed IllegalStateException"), o.events.toString());
  }

  @Test
  void beyondThePendingBytesBoundABatchIsRefusedAtOnceAndTakenAgainOnceKafkaAcknowledged() throws Exception {
    try (LogCapture logs = new LogCapture(KafkaBatchLog.class.getName())) {
      Outcomes first = new Outcomes();
      sink.publish(BatchEnvelopeTest.batch("a-1", "checkout", 1, 2), new byte[600], 1, first);
      awaitSent(1);
      long pending = (Long) sink.health().get("bytes_pending");
      assertTrue(pending > 600 && pending < 1000, "the envelope's bytes are pending: " + pending);

      Outcomes refused = new Outcomes();
      sink.publish(BatchEnvelopeTest.batch("a-2", "payments", 1, 2), new byte[600], 2, refused);
      assertEquals(1, refused.events.size(), "refused on the caller's thread, not queued");
      assertTrue(refused.events.get(0).startsWith("failed BacklogFullException: "), refused.events.toString());
      assertTrue(refused.events.get(0).contains("buffer.memory, 1000 bytes"), refused.events.toString());
      assertEquals(1L, sink.failures().get("BacklogFullException"));
      assertEquals(1, sink.health().get("batches_in_flight"), "the refused batch is not in flight");

      assertTrue(producer.completeNext());
      first.await(1);
      assertEquals(List.of("held"), first.events);
      assertEquals(0L, sink.health().get("bytes_pending"));
      Outcomes again = new Outcomes();
      sink.publish(BatchEnvelopeTest.batch("a-2", "payments", 1, 2), new byte[600], 3, again);
      awaitSent(2);
      assertTrue(producer.completeNext());
      again.await(1);
      assertEquals(List.of("held"), again.events);
    }
  }

  @Test
  void recordsReachTheProducerInTheOrderTheyWerePublished() throws Exception {
    for (int seq = 1; seq <= 50; seq++) {
      sink.publish(BatchEnvelopeTest.batch("a-1", "checkout", seq, 2), new byte[] {1}, seq, new Outcomes());
    }
    awaitSent(50);
    for (int i = 0; i < 50; i++) {
      assertEquals(i + 1, BatchEnvelope.decode(producer.history().get(i).value()).sequence());
    }
  }

  private static final class Outcomes implements PublishingSink.Callback {
    final List<String> events = new CopyOnWriteArrayList<>();

    /** Waits (bounded) for {@code n} outcomes. */
    void await(int n) throws InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (events.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(n, events.size(), events.toString());
    }

    @Override
    public void held() {
      events.add("held");
    }

    @Override
    public void failed(String reason) {
      events.add("failed " + reason);
    }
  }
}
