package dev.faultline.collector.cluster.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.cluster.KafkaTestBroker;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.live.AnomalyListener;
import dev.faultline.collector.live.DetectionSink;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples per second through the analyzer against the single node's detection, side by side in one JVM, and one
 * against two analyzers. Not part of the suite (the name does not end in Test); run it with
 * {@code mvn -o -pl collector -am test -Dtest=ScaleOutBench -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Workload: 40 agents (20 services x 2 instances), 50 gauge series each, batches of 10 points per series (500
 * samples), 40 batches per agent: 800,000 samples over 2,000 series, past the detectors' warm-up (400 points). The single node
 * gets the decoded batches straight into its store and {@link DetectionSink} (ingest excluded); the cluster gets
 * them published as a gateway does ({@code acks=all}) to a 4-partition batches topic, then analyzers started
 * against the full topic consume them (publishing timed separately).
 */
class ScaleOutBench {

  private static final int SERVICES = 20;
  private static final int INSTANCES = 2;
  private static final int SERIES = 50;
  private static final int POINTS_PER_BATCH = 10;
  private static final int BATCHES = 40;
  private static final long TOTAL = (long) SERVICES * INSTANCES * SERIES * POINTS_PER_BATCH * BATCHES;

  @TempDir Path dir;

  @Test
  void samplesPerSecond() throws Exception {
    List<DecodedBatch> batches = workload();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    double single1 = singleNode(batches, 1);
    double single2 = singleNode(batches, 2);
    System.out.printf(java.util.Locale.ROOT, "single node: %,.0f samples/s (1 worker), %,.0f (2 workers)%n", single1,
        single2);
    try (KafkaTestBroker kafka = KafkaTestBroker.start()) {
      try (Admin admin = kafka.admin()) {
        admin.createTopics(List.of(new NewTopic("b.batches", Optional.of(4), Optional.empty()),
            new NewTopic("b.anomalies", Optional.of(1), Optional.empty()),
            new NewTopic("b.incidents", Optional.of(1), Optional.empty()),
            new NewTopic("b.topology", Optional.of(1), Optional.empty()))).all().get();
      }
      double publish = publish(kafka, batches);
      double one = analyzers(kafka, 1, batches.size());
      double two = analyzers(kafka, 2, batches.size());
      System.out.printf(java.util.Locale.ROOT, "%nScale-out benchmark (%,d samples, %d series, load average %.2f,"
          + " %d cores)%n  single node, detection.workers 1: %,.0f samples/s%n  single node, detection.workers 2: "
          + "%,.0f samples/s%n  gateway publish (acks=all): %,.0f samples/s%n  one analyzer: %,.0f samples/s%n"
          + "  two analyzers: %,.0f samples/s (x%.2f)%n", TOTAL, SERVICES * INSTANCES * SERIES, load,
          Runtime.getRuntime().availableProcessors(), single1, single2, publish, one, two, two / one);
    }
  }

  private static List<DecodedBatch> workload() {
    Random noise = new Random(42);
    List<DecodedBatch> out = new ArrayList<>();
    long start = System.currentTimeMillis() - BATCHES * POINTS_PER_BATCH * 10_000L;
    for (int b = 0; b < BATCHES; b++) {
      for (int s = 0; s < SERVICES; s++) {
        for (int i = 0; i < INSTANCES; i++) {
          String service = "svc-" + s;
          String instance = service + "-" + i;
          AgentInfo agent = new AgentInfo("a-" + instance, service, instance, "host-" + (s % 5), 1, "jvm", "17",
              "0.1", 0);
          int n = SERIES * POINTS_PER_BATCH;
          SeriesRef[] refs = new SeriesRef[n];
          long[] ts = new long[n];
          double[] vs = new double[n];
          int k = 0;
          for (int p = 0; p < POINTS_PER_BATCH; p++) {
            long t = start + (b * POINTS_PER_BATCH + p) * 10_000L;
            for (int m = 0; m < SERIES; m++) {
              refs[k] = ref(service, instance, agent.host(), m);
              ts[k] = t;
              vs[k] = 100 + m + noise.nextGaussian();
              k++;
            }
          }
          out.add(new DecodedBatch(agent, b + 1, 0, n, refs, ts, vs, List.of(), List.of(), List.of()));
        }
      }
    }
    return out;
  }

  private static final Map<String, SeriesRef> REFS = new java.util.HashMap<>();

  private static SeriesRef ref(String service, String instance, String host, int m) {
    return REFS.computeIfAbsent(instance + "/" + m, k -> new SeriesRef(SeriesKey.of("metric_" + m, Map.of(),
        service, instance, host), "gauge", ""));
  }

  private static double singleNode(List<DecodedBatch> batches, int workers) throws InterruptedException {
    SeriesStore store = new SeriesStore(Long.MAX_VALUE / 4, 1L << 30, 10_000, System::currentTimeMillis);
    AnomalyListener quiet = new AnomalyListener() {
      private long id;

      @Override
      public synchronized long opened(SeriesKey series, long timeMillis, double score) {
        return ++id;
      }

      @Override
      public void closed(long id, long timeMillis, double peakScore) {}
    };
    LiveConfig config = LiveConfig.defaults().withQueue(true, workers, batches.size());
    try (DetectionSink sink = new DetectionSink(config, quiet, b -> { }).start()) {
      Map<Long, Object[]> cpu0 = threadCpu();
      long t0 = System.nanoTime();
      for (DecodedBatch b : batches) {
        store.append(b);
        sink.accept(b);
      }
      if (!sink.awaitIdle(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("detection did not finish");
      }
      assertEquals(0, sink.droppedBatches());
      double rate = TOTAL / ((System.nanoTime() - t0) / 1e9);
      double[] cpu = cpuSince(cpu0);
      System.out.printf(java.util.Locale.ROOT, "single node, %d worker(s): %.2f CPU s, %.2f us CPU per sample%n",
          workers, cpu[0], cpu[0] * 1e6 / TOTAL);
      return rate;
    }
  }

  private static double publish(KafkaTestBroker kafka, List<DecodedBatch> batches) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        new ByteArraySerializer())) {
      long t0 = System.nanoTime();
      for (DecodedBatch b : batches) {
        producer.send(new ProducerRecord<>("b.batches", BatchEnvelope.key(b.agent()),
            BatchEnvelope.of(b, System.currentTimeMillis()).encode()));
      }
      producer.flush();
      return TOTAL / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** CPU time so far of every live thread, by thread id (name kept for grouping). */
  private static Map<Long, Object[]> threadCpu() {
    var mx = ManagementFactory.getThreadMXBean();
    Map<Long, Object[]> out = new java.util.HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long cpu = mx.getThreadCpuTime(id);
      var info = mx.getThreadInfo(id);
      if (cpu >= 0 && info != null) {
        out.put(id, new Object[] {info.getThreadName(), cpu});
      }
    }
    return out;
  }

  /**
   * CPU seconds spent since {@code before} by threads still alive, split into the broker's (the in-process Kafka
   * node: on a deployment, other machines) and everything else (the path measured). Load-independent, unlike the
   * rates on a shared machine.
   */
  private static double[] cpuSince(Map<Long, Object[]> before) {
    double path = 0;
    double broker = 0;
    Map<String, Double> byGroup = new java.util.TreeMap<>();
    for (var e : threadCpu().entrySet()) {
      String name = (String) e.getValue()[0];
      Object[] was = before.get(e.getKey());
      double s = ((Long) e.getValue()[1] - (was == null ? 0L : (Long) was[1])) / 1e9;
      if (isBroker(name)) {
        broker += s;
      } else {
        path += s;
        byGroup.merge(name.replaceAll("bench-\\d+-bench-\\d+-\\d+", "app").replaceAll("\\d+", "N"), s,
            Double::sum);
      }
    }
    StringBuilder top = new StringBuilder("  CPU s by thread:");
    byGroup.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(8)
        .forEach(g -> top.append(String.format(java.util.Locale.ROOT, " [%s %.2f]", g.getKey(), g.getValue())));
    System.out.println(top);
    return new double[] {path, broker};
  }

  private static boolean isBroker(String thread) {
    return !thread.equals("main") && !thread.startsWith("faultline") && !thread.contains("bench-")
        && !thread.startsWith("kafka-producer-network-thread | producer-")
        && !thread.startsWith("kafka-admin-client-thread");
  }

  private static void check(long deadline) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("analyzers did not finish");
    }
    Thread.sleep(50);
  }

  /** Records in the points store's changelog topic of {@code app} (its end offsets: nothing is compacted yet). */
  private static long changelogRecords(Admin admin, String app) throws Exception {
    String topic = app + "-" + AnalyzerTopology.POINTS_STORE + "-changelog";
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
        new java.util.HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p ->
        latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
            org.apache.kafka.clients.admin.OffsetSpec.latest()));
    long sum = 0;
    for (var o : admin.listOffsets(latest).all().get().values()) {
      sum += o.offset();
    }
    return sum;
  }

  /** Records of the batches topic the application has committed (processed, and committed every second). */
  private static long committed(Admin admin, String app) throws Exception {
    long sum = 0;
    for (var e : admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get().entrySet()) {
      if (e.getKey().topic().equals("b.batches") && e.getValue() != null) {
        sum += e.getValue().offset();
      }
    }
    return sum;
  }

  /** {@code count} analyzers of a fresh application consume the full topic; samples per second until done. */
  private double analyzers(KafkaTestBroker kafka, int count, int batches) throws Exception {
    String app = "bench-" + count;
    List<AnalyzerNode> nodes = new ArrayList<>();
    try (Admin admin = kafka.admin()) {
      Map<Long, Object[]> cpu0 = threadCpu();
      long t0 = System.nanoTime(); // from the start: includes joining the group and the first assignment
      for (int i = 0; i < count; i++) {
        AnalyzerNode node = AnalyzerNode.start(AnalyzerSettings.of(kafka.bootstrapServers(), app + "-" + i,
                dir.resolve(app + "-" + i))
            .withApplicationId(app)
            .withTopics("b.batches", "b.anomalies", "b.incidents", "b.topology")
            .withQueryAddress(new Endpoint("127.0.0.1", 0))
            // root-cause analysis off: the single node's side runs detectors only, so does this one
            .withAnalysis(LiveConfig.defaults(), dev.faultline.collector.live.rca.RcaConfig.fromMap(
                Map.of("enabled", false)))
            // the node's own commit interval (1 s), as deployed: progress below is seen at that granularity
            .withOverrides(Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 500)));
        nodes.add(node);
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      long lastReport = System.nanoTime();
      long firstCommit = 0;
      long atFirstCommit = 0;
      long done;
      while ((done = committed(admin, app)) < batches) {
        if (firstCommit == 0 && done > 0) {
          firstCommit = System.nanoTime();
          atFirstCommit = done;
        }
        check(deadline);
        if (System.nanoTime() - lastReport > 15e9) {
          lastReport = System.nanoTime();
          System.out.printf("  %d analyzer(s): %d of %d batches committed after %.0f s%n", count,
              committed(admin, app), batches, (lastReport - t0) / 1e9);
        }
      }
      long end = System.nanoTime();
      double[] cpu = cpuSince(cpu0);
      System.out.printf(java.util.Locale.ROOT, "%d analyzer(s): %.2f CPU s in the analyzers (%.2f us per sample),"
          + " %.2f CPU s in the broker; %,d records written to the points changelog%n", count, cpu[0],
          cpu[0] * 1e6 / TOTAL, cpu[1], changelogRecords(admin, app));
      double seconds = (end - t0) / 1e9;
      double toFirst = (firstCommit - t0) / 1e9;
      // after the first commit: the rate once the group is formed (start-up varies most with the machine's load)
      double steady = firstCommit == 0 ? 0
          : (double) (batches - atFirstCommit) * (TOTAL / batches) / ((end - firstCommit) / 1e9);
      System.out.printf(java.util.Locale.ROOT, "%d analyzer(s): %.1f s (first commit after %.1f s: start, group"
          + " join, assignment); %,.0f samples/s overall, %,.0f samples/s after the first commit; partitions %s%n",
          count, seconds, toFirst, TOTAL / seconds, steady, nodes.stream().map(AnalyzerNode::partitions).toList());
      return TOTAL / seconds;
    } finally {
      nodes.forEach(AnalyzerNode::close);
    }
  }
}
