package dev.faultline.collector.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Hands records to the producer from one dedicated thread, so that the caller (an ingest event loop) never waits
 * on Kafka: {@code send()} blocks while the producer has no metadata for the topic or no buffer space (up to {@code
 * max.block.ms}), and that wait would stall every agent connection of the loop.
 *
 * <p>Records are sent in the order they were offered (one thread, one FIFO queue), so one connection's batches
 * reach a partition in sequence order, as with a direct {@code send()}. The bytes offered and not yet acknowledged
 * or failed are bounded: beyond the bound {@link #offer} refuses at once. A record that waited in the queue longer
 * than the publish timeout fails without being sent. Thread-safe.
 */
final class PublishQueue implements AutoCloseable {

  private static final Logger log = Logger.getLogger(PublishQueue.class.getName());
  private static final Entry STOP = new Entry(null, 0, 0, null);

  /** The outcome of one offered record: exactly one call, on the sender or producer thread (or the caller's). */
  interface Outcome {
    void done(Exception error);
  }

  private final Producer<byte[], byte[]> producer;
  private final long maxPendingBytes;
  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final Thread sender;
  private volatile boolean closed;

  /**
   * @param maxPendingBytes bytes offered and not yet acknowledged or failed, beyond which offers are refused
   * @param timeoutNanos a record still queued after this long fails unsent ({@code cluster.publish-timeout})
   */
  PublishQueue(Producer<byte[], byte[]> producer, String name, long maxPendingBytes, long timeoutNanos,
      LongSupplier nanoClock) {
    this.producer = producer;
    this.maxPendingBytes = maxPendingBytes;
    this.timeoutNanos = timeoutNanos;
    this.nanoClock = nanoClock;
    this.sender = new Thread(this::run, name);
    sender.setDaemon(true);
    sender.start();
  }

  /**
   * Queues {@code record} for sending; {@code outcome} learns whether Kafka acknowledged it. Refuses at once (on the
   * caller's thread) when the queue is closed or the pending bytes would pass the bound; a single record larger
   * than the bound is taken while nothing else is pending, so it can never be refused forever.
   *
   * @param bytes the record's size, counted against the bound until its outcome
   */
  void offer(ProducerRecord<byte[], byte[]> record, int bytes, Outcome outcome) {
    if (closed) {
      outcome.done(new IllegalStateException("the gateway is stopping"));
      return;
    }
    long after = pendingBytes.addAndGet(bytes);
    if (after > maxPendingBytes && after != bytes) {
      pendingBytes.addAndGet(-bytes);
      outcome.done(new BacklogFullException(after - bytes, maxPendingBytes));
      return;
    }
    queue.add(new Entry(record, bytes, nanoClock.getAsLong(), outcome));
    if (closed && !sender.isAlive()) { // raced with close(): the sender will not take it
      failAll(new IllegalStateException("the gateway is stopping"));
    }
  }

  /** Bytes offered and not yet acknowledged or failed. */
  long pendingBytes() {
    return pendingBytes.get();
  }

  long maxPendingBytes() {
    return maxPendingBytes;
  }

  private void run() {
    while (true) {
      Entry e;
      try {
        e = queue.take();
      } catch (InterruptedException interrupted) {
        break;
      }
      if (e == STOP) {
        break;
      }
      try {
        send(e);
      } catch (RuntimeException unexpected) { // from an outcome callback: the sender must outlive it
        log.log(Level.WARNING, "gateway: a publish outcome failed", unexpected);
      }
    }
    failAll(new IllegalStateException("the gateway stopped before sending the batch"));
  }

  private void send(Entry e) {
    long waited = nanoClock.getAsLong() - e.offeredNanos;
    if (waited > timeoutNanos) {
      finish(e, new TimeoutException("the batch waited " + TimeUnit.NANOSECONDS.toMillis(waited)
          + " ms in the gateway for Kafka to take the ones before it (cluster.publish-timeout)"));
      return;
    }
    Callback done = (metadata, error) -> finish(e, error);
    try {
      producer.send(e.record, done);
    } catch (RuntimeException error) { // closed, interrupted, or refused before sending
      finish(e, error);
    }
  }

  private void finish(Entry e, Exception error) {
    pendingBytes.addAndGet(-e.bytes);
    e.outcome.done(error);
  }

  private void failAll(Exception error) {
    List<Entry> left = new ArrayList<>();
    queue.drainTo(left);
    for (Entry e : left) {
      if (e != STOP) {
        finish(e, error);
      }
    }
  }

  /**
   * Stops taking records and sends those already queued, waiting up to {@code waitMillis} for the sender (then
   * interrupts it); what is still queued then fails. The producer is the caller's to close, afterwards.
   */
  @Override
  public void close() {
    close(5_000);
  }

  void close(long waitMillis) {
    closed = true;
    queue.add(STOP);
    try {
      sender.join(waitMillis);
      if (sender.isAlive()) {
        log.fine("gateway: the Kafka sender is still blocked at stop; interrupting it");
        sender.interrupt();
        sender.join(waitMillis);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    failAll(new IllegalStateException("the gateway stopped before sending the batch"));
  }

  /** Refusal when the gateway already holds its bound of bytes for Kafka. */
  static final class BacklogFullException extends KafkaException {
    BacklogFullException(long pending, long max) {
      super(pending + " bytes already wait for Kafka on this gateway (bound: the producer's buffer.memory, " + max
          + " bytes)");
    }
  }

  private record Entry(ProducerRecord<byte[], byte[]> record, int bytes, long offeredNanos, Outcome outcome) {}
}
