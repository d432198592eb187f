package dev.faultline.collector.cluster;

import dev.faultline.collector.testing.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka cluster in KRaft mode (one process with the broker and controller roles), in the test
 * JVM, from the Kafka artifacts on Maven Central. One per test class, registered as a JUnit extension that starts it
 * before the class's first test and closes it after its last:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaTestBroker kafka = KafkaTestBroker.perClass();
 * ... kafka.bootstrapServers() ...
 * kafka.stop();    // outage: clients get no answers (the port is closed)
 * kafka.restart(); // same ports, same data: clients reconnect to what they knew
 * }</pre>
 *
 * Listens on 127.0.0.1 only (free ports picked at start, kept across restarts); its data lives in a temporary
 * directory deleted by {@link #close()}. Topics are not auto-created, as on a production cluster that forbids it.
 * A start costs about 7 CPU-seconds, mostly class loading (2 s once the classes are loaded, e.g. a second broker in
 * the same test JVM); a restart about 3 s. A test that wants its broker for one method only (a benchmark) uses
 * {@code try (KafkaTestBroker kafka = KafkaTestBroker.start())}.
 */
public final class KafkaTestBroker implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  // set by open(): a per-class broker picks its directory and ports when its class starts, not when it is loaded
  private Path dir;
  private int brokerPort;
  private int controllerPort;
  private KafkaRaftServer server;

  private KafkaTestBroker() {}

  /** Formats a fresh log directory and starts the node; returns once it answers an admin request. */
  public static KafkaTestBroker start() {
    KafkaTestBroker broker = new KafkaTestBroker();
    broker.open();
    return broker;
  }

  /**
   * A broker for one test class: register it in a {@code @RegisterExtension static final} field; it starts (as
   * {@link #start()}) before the class's first test, and {@link #close() closes} after its last.
   */
  public static KafkaTestBroker perClass() {
    return new KafkaTestBroker();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void open() {
    if (dir != null) {
      throw new IllegalStateException("this Kafka test broker was started already: one per test class");
    }
    try {
      dir = Files.createTempDirectory("faultline-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] ports = freePorts(2);
    brokerPort = ports[0];
    controllerPort = ports[1];
    try {
      format();
      restart();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:port} of the broker listener. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Admin client properties for this broker. */
  public Map<String, Object> clientProperties() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
  }

  /** An admin client for this broker (close it). */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  /**
   * Every record of {@code topic} from the beginning: polls until {@code enough} holds for the records read (at
   * most 20 s), then once more for {@code settle}, so that a record right behind them (a duplicate, one too many)
   * is seen too.
   */
  public List<ConsumerRecord<byte[], byte[]>> readFromStart(String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> enough, Duration settle) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && !enough.test(out)) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      consumer.poll(settle).forEach(out::add);
    }
    return out;
  }

  /** Shuts the node down (an outage: the ports close); {@link #restart()} brings it back with its data. */
  public synchronized void stop() {
    if (server != null) {
      KafkaRaftServer s = server;
      server = null;
      s.shutdown();
      s.awaitShutdown();
    }
  }

  /** Starts the node on the same ports and data (after {@link #stop()}); returns once it answers. */
  public synchronized void restart() {
    if (server != null) {
      return;
    }
    long started = System.nanoTime();
    KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(properties(), false), Time.SYSTEM);
    s.startup();
    server = s;
    awaitReady();
    System.err.printf(java.util.Locale.ROOT, "Kafka test broker on %s ready in %.1f s%n", bootstrapServers(),
        (System.nanoTime() - started) / 1e9);
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the node and deletes its data. */
  @Override
  public void close() {
    try {
      stop();
    } finally {
      if (dir != null) {
        FileTrees.deleteQuietly(dir);
      }
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    p.put("controlled.shutdown.enable", "false"); // single node: nobody to hand leadership to
    // a restarted node is unfenced once its previous incarnation's session ends: keep that short
    p.put("broker.session.timeout.ms", "2000");
    p.put("broker.heartbeat.interval.ms", "500");
    return p;
  }

  private void format() {
    try {
      Formatter formatter = new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dir.resolve("data").toString()))
          .setMetadataLogDirectory(dir.resolve("data").toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName("CONTROLLER");
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log directory " + dir + ": " + e, e);
    }
  }

  /** Waits until the broker lists its nodes: metadata is up and requests are served. */
  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka test broker not ready within " + START_TIMEOUT + ": " + e, e);
          }
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Kafka test broker", e);
    }
  }

  /** Whether something accepts connections on the broker port (tests of the outage itself). */
  public boolean portOpen() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    int[] ports = new int[count];
    try {
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // only probing for a free port
          }
        }
      }
    }
  }
}
