package dev.faultline.collector.cluster;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka client properties of a node: brokers and client id from the {@code cluster:} section, then its {@code
 * kafka:} properties (TLS, SASL, ...), which win over ours except where noted. Never logged: they may hold secrets.
 */
public final class KafkaClients {

  static {
    // The Kafka clients log through SLF4J, which has no provider here: their failures reach our log through the
    // gateway's own lines (once per cause). Without this, SLF4J prints a three-line warning to stderr on first use.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  private KafkaClients() {}

  /** Properties every client of this node shares; {@code purpose} ends the client id (gateway, admin, ...). */
  public static Properties common(ClusterConfig config, String purpose) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "faultline-" + config.nodeId() + "-" + purpose);
    p.putAll(config.clientProperties());
    return p;
  }

  /** Admin client properties; requests give up after {@code timeoutMillis}. */
  public static Properties admin(ClusterConfig config, long timeoutMillis) {
    Properties p = common(config, "admin");
    p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, 30_000));
    p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
    return p;
  }

  /**
   * The gateway's producer: idempotent with {@code acks=all} (not overridable: the agent's ack depends on them), a
   * record either acknowledged or failed within {@code cluster.publish-timeout}, bytes in and out.
   */
  public static Properties gatewayProducer(ClusterConfig config) {
    Properties p = common(config, "gateway");
    int timeout = (int) config.publishTimeout().toMillis();
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // batches are tens of KiB: room for several per request (5 requests in flight per broker bound throughput)
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
    p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ClusterTopics.MAX_BATCH_RECORD_BYTES);
    // delivery.timeout.ms >= linger.ms + request.timeout.ms, or the producer refuses to start
    int request = Math.max(50, Math.min(timeout - 10, 30_000));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeout, request + 10));
    // send() waits at most this long for the topic's metadata or buffer space; it runs on the gateway's sender
    // thread (PublishQueue), never on an ingest thread, so the wait is the publish timeout's
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** The producer's {@code buffer.memory} (Kafka's default 32 MiB): the gateway's bound on bytes waiting for Kafka. */
  public static long bufferMemory(Properties producer) {
    Object v = producer.get(ProducerConfig.BUFFER_MEMORY_CONFIG);
    if (v == null) {
      return 32L * 1024 * 1024;
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cluster.kafka.buffer.memory: not a number of bytes: " + v, e);
    }
  }
}
