package dev.faultline.collector.cluster;

import dev.faultline.collector.ingest.PublishingSink;
import dev.faultline.collector.model.DecodedBatch;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The gateway's sink: publishes each accepted batch to the batches topic ({@link BatchEnvelope}, key = service) with
 * an idempotent {@code acks=all} producer, and reports it held only once Kafka acknowledged it; ingest acknowledges
 * to the agent then. No local log: Kafka is the durable copy.
 *
 * <p>{@link #publish} never waits on Kafka: it queues the record for one sender thread ({@link PublishQueue}), in
 * the order of the calls, so an ingest event loop keeps answering its other connections while the producer waits
 * for the topic's metadata or buffer space. The bytes waiting for Kafka are bounded by the producer's {@code
 * buffer.memory}; beyond it a batch is refused at once (UNAVAILABLE: the agent keeps it and resends).
 *
 * <p>A batch of the same agent and sequence published again while the first copy is in flight (the agent
 * reconnected and resent) joins the first publish instead of writing a second record. Failures (Kafka unreachable,
 * {@code cluster.publish-timeout} passed, backlog full, ...) refuse the batch; they are logged once per cause (and
 * once when Kafka accepts again), counted on {@code /metrics} and shown on {@code /healthz} ({@link #health()}).
 * Thread-safe.
 */
public final class KafkaBatchLog implements PublishingSink, AutoCloseable {

  private static final Logger log = Logger.getLogger(KafkaBatchLog.class.getName());
  /** How long a start waits for Kafka (listing and creating topics) before it refuses to start. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<byte[], byte[]> producer;
  private final PublishQueue queue;
  private final String topic;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  /** The cause last logged as failing; null while publishes succeed. */
  private final AtomicReference<String> failing = new AtomicReference<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder publishedBytes = new LongAdder();
  private final LongAdder joined = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  /**
   * @param maxPendingBytes bytes queued or in flight to Kafka beyond which batches are refused at once
   * @param publishTimeout a batch still queued after this long fails without being sent
   */
  public KafkaBatchLog(Producer<byte[], byte[]> producer, String topic, long maxPendingBytes,
      Duration publishTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.queue = new PublishQueue(producer, "faultline-gateway-kafka-sender", maxPendingBytes,
        publishTimeout.toNanos(), System::nanoTime);
  }

  /**
   * Checks (creating, if allowed) the topics, then opens the producer.
   *
   * @throws ClusterStartException when Kafka cannot be reached or a topic is missing and may not be created
   */
  public static KafkaBatchLog open(ClusterConfig config) {
    try (Admin admin = Admin.create(KafkaClients.admin(config, START_TIMEOUT.toMillis()))) {
      ClusterTopics.ensure(admin, ClusterTopics.specs(config), config.createTopics(), config.bootstrapServers(),
          START_TIMEOUT);
    }
    Properties props = KafkaClients.gatewayProducer(config);
    long maxPending = KafkaClients.bufferMemory(props);
    KafkaBatchLog sink = new KafkaBatchLog(new KafkaProducer<>(props), config.topics().batches(), maxPending,
        config.publishTimeout());
    log.info("gateway: publishing batches to Kafka topic " + config.topics().batches() + " at "
        + config.bootstrapServers() + " (acks=all, idempotent; agents are acknowledged after Kafka, publish-timeout "
        + config.publishTimeout().toMillis() + " ms, at most " + maxPending + " bytes pending)");
    return sink;
  }

  @Override
  public void publish(DecodedBatch batch, byte[] payload, long receivedMillis, Callback callback) {
    String id = batch.agent().agentId() + '\u0000' + batch.sequence();
    InFlight mine = new InFlight(callback);
    InFlight first = inFlight.putIfAbsent(id, mine);
    if (first != null) {
      joined.increment();
      first.join(callback);
      return;
    }
    BatchEnvelope envelope = new BatchEnvelope(batch.agent().agentId(), batch.sequence(), receivedMillis, payload);
    byte[] value = envelope.encode();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, receivedMillis,
        BatchEnvelope.keyBytes(batch.agent()), value);
    queue.offer(record, value.length, error -> {
      if (error == null) {
        published.increment();
        publishedBytes.add(value.length);
        succeeded();
        mine.complete(null);
      } else {
        mine.complete(failed(error));
      }
      inFlight.remove(id, mine); // after the callbacks recorded the sequence: see IngestHandler#publish
    });
  }

  /** Counts and logs (once per cause) a failure; returns the reason for the agent. */
  private String failed(Exception error) {
    String cause = error.getClass().getSimpleName();
    failures.computeIfAbsent(cause, k -> new LongAdder()).increment();
    String reason = cause + (error.getMessage() == null ? "" : ": " + error.getMessage());
    if (!cause.equals(failing.getAndSet(cause))) {
      log.warning("gateway: Kafka does not take batches (" + reason + "); they are refused as UNAVAILABLE and"
          + " agents keep them [logged once per cause]");
    }
    return reason;
  }

  private void succeeded() {
    if (failing.get() != null && failing.getAndSet(null) != null) {
      log.info("gateway: Kafka takes batches again");
    }
  }

  /** Batches Kafka acknowledged. */
  public long published() {
    return published.sum();
  }

  /** Batches queued for or sent to Kafka and not yet acknowledged or failed. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Failed publishes by cause (exception class). */
  public Map<String, Long> failures() {
    Map<String, Long> m = new LinkedHashMap<>();
    failures.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** The {@code kafka} block of {@code /healthz}. */
  public Map<String, Object> health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", "gateway");
    m.put("topic", topic);
    m.put("state", failing.get() == null ? "ok" : "failing");
    m.put("failing_cause", failing.get());
    m.put("batches_published", published.sum());
    m.put("bytes_published", publishedBytes.sum());
    m.put("batches_in_flight", inFlight.size());
    m.put("bytes_pending", queue.pendingBytes());
    m.put("max_bytes_pending", queue.maxPendingBytes());
    m.put("resends_joined", joined.sum());
    m.put("publish_failures", failures());
    return m;
  }

  /** {@code /healthz} says degraded with this reason while publishes fail; null when healthy. */
  public String degradedReason() {
    String cause = failing.get();
    return cause == null ? null : "Kafka does not take batches (" + cause + "); they are refused as UNAVAILABLE"
        + " and agents keep them";
  }

  public void registerMetrics(PrometheusRegistry registry) {
    CounterWithCallback.builder().name("faultline_gateway_published_batches")
        .help("Batches the gateway published to Kafka and Kafka acknowledged (acks=all)")
        .callback(cb -> cb.call(published.sum()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_gateway_published_bytes")
        .help("Bytes of batch records acknowledged by Kafka (before compression)")
        .callback(cb -> cb.call(publishedBytes.sum()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_gateway_publish_failures")
        .help("Publishes that failed (batch refused UNAVAILABLE, the agent resends), by cause")
        .labelNames("cause")
        .callback(cb -> failures.forEach((cause, n) -> cb.call(n.sum(), cause)))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_gateway_batches_in_flight")
        .help("Batches queued for or sent to Kafka and not yet acknowledged")
        .callback(cb -> cb.call(inFlight.size()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_gateway_pending_bytes")
        .help("Bytes of batches queued for or in flight to Kafka (refused beyond the producer's buffer.memory)")
        .callback(cb -> cb.call(queue.pendingBytes()))
        .register(registry);
  }

  /** Sends what is queued and pending (bounded), then closes the producer; unfinished publishes fail (agents resend). */
  @Override
  public void close() {
    queue.close();
    producer.close(Duration.ofSeconds(5));
  }

  /** One publish and the callbacks waiting for it (the first, and any resend that joined it). */
  private static final class InFlight {

    private final List<Callback> callbacks = new ArrayList<>(1);
    private boolean done;
    private String failure;

    InFlight(Callback first) {
      callbacks.add(first);
    }

    /** Waits with the publish in flight, or, when it just finished, gets its outcome now. */
    void join(Callback callback) {
      synchronized (this) {
        if (!done) {
          callbacks.add(callback);
          return;
        }
      }
      tell(callback, failure);
    }

    void complete(String failure) {
      List<Callback> waiting;
      synchronized (this) {
        done = true;
        this.failure = failure;
        waiting = List.copyOf(callbacks);
      }
      for (Callback c : waiting) {
        tell(c, failure);
      }
    }

    private static void tell(Callback c, String failure) {
      if (failure == null) {
        c.held();
      } else {
        c.failed(failure);
      }
    }
  }
}
