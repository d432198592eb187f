package dev.faultline.collector.bench;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.cluster.KafkaClients;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.live.LiveConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code faultline bench --gateway}: samples per second acknowledged to agents by one gateway publishing to Kafka,
 * side by side with the single-node collector (write-ahead log on, fsync always: its production default), with the
 * same loopback agents streaming pre-encoded batches as fast as acks allow. The two run alternately, {@code rounds}
 * times each, so that a change in the machine's other load hits both alike; the median ratio is printed.
 *
 * <p>Counted are samples acknowledged (applied to the store on the single node, acknowledged by Kafka on the
 * gateway). The benchmark creates its own topics (a unique prefix) and deletes them at the end. Bounded in time.
 */
public final class GatewayBenchmark {

  /** Services the benchmark's agents belong to (round-robin). */
  static final int SERVICES = 8;

  private final String bootstrapServers;
  private final int connections;
  private final int seconds;
  private final int seriesPerBatch;
  private final int rounds;
  private final PrintWriter out;

  public GatewayBenchmark(String bootstrapServers, int connections, int seconds, int seriesPerBatch, int rounds,
      PrintWriter out) {
    if (connections < 1 || seconds < 1 || seriesPerBatch < 1 || rounds < 1) {
      throw new IllegalArgumentException("--connections, --seconds, --series-per-batch and rounds must be >= 1");
    }
    this.bootstrapServers = bootstrapServers;
    this.connections = connections;
    this.seconds = seconds;
    this.seriesPerBatch = seriesPerBatch;
    this.rounds = rounds;
    this.out = out;
  }

  /** Single-node and gateway figures of each round (samples acknowledged per wall-clock second). */
  public record Result(double[] single, double[] gateway, double medianRatio) {}

  public Result run() throws Exception {
    BatchFrameTemplate template = new BatchFrameTemplate(seriesPerBatch, 42);
    String prefix = "faultline-bench-" + System.currentTimeMillis();
    ClusterConfig cluster = ClusterConfig.builder().roles(Set.of(ClusterConfig.Role.GATEWAY))
        .bootstrapServers(bootstrapServers)
        .topics(new ClusterConfig.Topics(prefix + ".batches", prefix + ".anomalies", prefix + ".incidents",
            prefix + ".topology"))
        .partitions(6).nodeId("bench").publishTimeout(Duration.ofSeconds(30)).build();
    out.printf("faultline bench --gateway: %d connections (%d services), %d s per run, %d series per batch (%d bytes"
        + " per frame), %d rounds, Kafka at %s, topic %s (%d partitions)%n", connections, Math.min(connections,
        SERVICES), seconds, seriesPerBatch, template.frameBytes(), rounds, bootstrapServers, cluster.topics().batches(),
        cluster.partitions());
    out.flush();
    double[] single = new double[rounds];
    double[] gateway = new double[rounds];
    double[] ratios = new double[rounds];
    try {
      measure(template, ClusterConfig.single(), 2); // JIT warm-up of ingest and storage, not reported
      measure(template, cluster, 2); // and of the producer, and the topic's creation
      for (int i = 0; i < rounds; i++) {
        single[i] = measure(template, ClusterConfig.single(), seconds);
        gateway[i] = measure(template, cluster, seconds);
        ratios[i] = gateway[i] / single[i];
        out.printf("  round %d: single node (WAL, fsync always) %,12.0f samples/s   gateway -> Kafka %,12.0f"
            + " samples/s   ratio %.2f%n", i + 1, single[i], gateway[i], ratios[i]);
        out.flush();
      }
    } finally {
      deleteTopics(cluster);
    }
    double[] sorted = ratios.clone();
    java.util.Arrays.sort(sorted);
    double median = sorted[rounds / 2];
    out.printf("  ratio gateway / single node (median of %d)  %.2f%n", rounds, median);
    out.flush();
    return new Result(single, gateway, median);
  }

  /** One run of {@code runSeconds}: samples acknowledged per second after a warm-up of a fifth of it. */
  private double measure(BatchFrameTemplate template, ClusterConfig cluster, int runSeconds) throws Exception {
    Path dataDir = Files.createTempDirectory("faultline-bench");
    CollectorConfig config = IngestBenchmark.unthrottledCollector(dataDir, seriesPerBatch).build();
    EventLoopGroup clients = new MultiThreadIoEventLoopGroup(
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2), NioIoHandler.newFactory());
    List<BenchConnection> conns = new ArrayList<>();
    LiveConfig detectionOff = LiveConfig.defaults().withQueue(false, 1, 1);
    try (Collector collector = Collector.start(
        CollectorSettings.builder(config).live(detectionOff).cluster(cluster).build())) {
      AtomicLong clock = new AtomicLong(System.currentTimeMillis() - 1_800_000);
      for (int i = 0; i < connections; i++) {
        // several services, as in a fleet: on the gateway they spread over the topic's partitions
        BenchConnection conn = new BenchConnection(new BenchAgent(i, seriesPerBatch, "bench-" + i % SERVICES), template,
            IngestBenchmark.WINDOW, clock::incrementAndGet);
        conns.add(conn);
        conn.connect(clients, collector.ingestAddress());
      }
      for (BenchConnection c : conns) {
        c.handshake.get(30, TimeUnit.SECONDS);
      }
      long warmupMillis = runSeconds * 200L;
      Thread.sleep(warmupMillis);
      long startSamples = collector.ingestStats().samplesApplied();
      long start = System.nanoTime();
      Thread.sleep(runSeconds * 1000L - warmupMillis);
      long acked = collector.ingestStats().samplesApplied() - startSamples;
      double elapsed = (System.nanoTime() - start) / 1e9;
      conns.forEach(BenchConnection::stop);
      return acked / elapsed;
    } finally {
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      deleteQuietly(dataDir);
    }
  }

  private void deleteTopics(ClusterConfig cluster) {
    try (Admin admin = Admin.create(KafkaClients.admin(cluster, 10_000))) {
      admin.deleteTopics(cluster.topics().all()).all().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println("  (could not delete the benchmark topics " + cluster.topics().all() + ": " + e.getMessage() + ")");
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // leftovers in the temp directory are harmless
    }
  }
}
