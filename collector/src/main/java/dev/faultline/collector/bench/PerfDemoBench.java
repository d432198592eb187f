package dev.faultline.collector.bench;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.demo.DemoFleet;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.HeldOutMape;
import dev.faultline.collector.perf.LatencyQuantile;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.ServicePerfModel;
import dev.faultline.collector.perf.WhatIfResult;
import dev.faultline.collector.perf.live.StoreHistorySource;
import dev.faultline.collector.perf.model.LatencyModelFitter;
import dev.faultline.collector.perf.model.QueueingFit;
import dev.faultline.collector.perf.model.QueueingModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.stream.Stream;

/**
 * The performance models on the demo fleet under a load ramp ({@code faultline bench --perf-demo}): starts an
 * in-process collector and the four demo JVMs (agent attached, 127.0.0.1 only), drives the front end with a
 * {@link LoadRamp}, then, per service, trains the models on the ramp's rows read back from the collector's store
 * and scores p50 and p99 on the held-out rows at the higher rate: MAPE of each model kind, the chosen model, the
 * what-if path (features predicted from the rate alone) and the naive last-value baseline, and the bottleneck that
 * {@code whatIf(heldOutMultiple)} names. The demo's true bottleneck is not known; it is printed for inspection.
 */
public final class PerfDemoBench {

  /** The agents' reporting interval: one history row per second. */
  static final String AGENT_INTERVAL = "1s";

  /** Rows dropped at the start of each phase: JIT warm-up, and the queue settling after the step up. */
  static final Duration SETTLE = Duration.ofSeconds(20);

  private final LoadRamp ramp;
  private final Path agentJar;
  private final PrintWriter out;
  private final Path recordTo;
  private final boolean callees;
  private final int rowSeconds;

  /**
   * @param recordTo where to write the rows as a {@link DemoRecording}, or null
   * @param callees whether the models get the callee-latency features (they are recorded either way)
   * @param rowSeconds the models train and are scored on rows averaged over this many seconds ({@link RowWindows};
   *     1: the agents' 1-second rows as reported); the recording keeps the 1-second rows
   */
  public PerfDemoBench(LoadRamp ramp, Path agentJar, PrintWriter out, Path recordTo, boolean callees,
      int rowSeconds) {
    this.ramp = ramp;
    this.agentJar = agentJar;
    this.out = out;
    this.recordTo = recordTo;
    this.callees = callees;
    this.rowSeconds = checkRowSeconds(rowSeconds);
  }

  /** Runs the ramp (its whole length, in real time) and prints the tables. */
  public void run() throws Exception {
    Path dataDir = Files.createTempDirectory("faultline-perf-demo");
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir)
        .build();
    out.printf(Locale.ROOT, "perf-demo: ramp %.0f -> %.0f req/s over %.0f s, then %.0f req/s for %.0f s; load average"
        + " %.2f at start%n", ramp.startRate(), ramp.trainingRate(), ramp.trainingSeconds(),
        ramp.trainingRate() * ramp.heldOutMultiple(), ramp.heldOutSeconds(), loadAverage());
    try (Collector collector = Collector.start(CollectorSettings.of(config))) {
      String ingest = collector.ingestAddress().getHostString() + ":" + collector.ingestAddress().getPort();
      long start = System.currentTimeMillis() + 1000; // the load generator's initial delay
      try (DemoFleet fleet = DemoFleet.start(agentJar, ingest, dataDir.resolve("demo-logs"), AGENT_INTERVAL,
          () -> ramp.rateAt((System.currentTimeMillis() - start) / 1000.0))) {
        long end = start + (long) (ramp.totalSeconds() * 1000);
        while (System.currentTimeMillis() < end) {
          Thread.sleep(Math.min(30_000, Math.max(1, end - System.currentTimeMillis())));
          double t = (System.currentTimeMillis() - start) / 1000.0;
          out.printf(Locale.ROOT, "  t=%4.0f s target %.0f req/s, load average %.2f%n", t, ramp.rateAt(t - 0.001),
              loadAverage());
          out.flush();
        }
        Thread.sleep(3000); // the agents' last reports
      }
      long split = start + (long) (ramp.trainingSeconds() * 1000);
      StoreHistorySource source = new StoreHistorySource(collector.store(), Duration.ofHours(1),
          System::currentTimeMillis);
      Map<String, ServiceHistory[]> histories = histories(source, start + SETTLE.toMillis(), split,
          split + SETTLE.toMillis(), start + (long) (ramp.totalSeconds() * 1000));
      if (recordTo != null) {
        DemoRecording.of(ramp.heldOutMultiple(), split, histories).write(recordTo);
        out.println("rows recorded to " + recordTo);
      }
      report(windowed(callees ? histories : withoutCallees(histories), rowSeconds), split,
          ramp.heldOutMultiple(), out);
    } finally {
      deleteQuietly(dataDir);
    }
  }

  /** The training and held-out rows of every service with history, {train, held}. */
  private Map<String, ServiceHistory[]> histories(StoreHistorySource source, long trainFrom, long split,
      long heldFrom, long heldTo) {
    Map<String, ServiceHistory[]> rows = new LinkedHashMap<>();
    for (String service : source.services()) {
      Optional<ServiceHistory> all = source.history(service);
      if (all.isEmpty()) {
        out.println("  " + service + ": no history in the store");
        continue;
      }
      rows.put(service, new ServiceHistory[] {between(all.get(), trainFrom, split), between(all.get(), heldFrom,
          heldTo)});
    }
    return rows;
  }

  /** Prints the tables for the rows of a recorded ramp ({@code bench --perf-demo --demo-replay FILE}). */
  public static void replay(DemoRecording recording, boolean callees, PrintWriter out) {
    replay(recording, callees, 1, out);
  }

  /**
   * As {@link #replay(DemoRecording, boolean, PrintWriter)}, on the recorded rows averaged over {@code rowSeconds}
   * ({@link RowWindows}; {@code bench --perf-demo --demo-replay FILE --demo-row-seconds N}).
   */
  public static void replay(DemoRecording recording, boolean callees, int rowSeconds, PrintWriter out) {
    checkRowSeconds(rowSeconds);
    out.printf(Locale.ROOT, "perf-demo replay: %d services, held-out multiple %.2f, callee features %s, rows of %d"
        + " s%n", recording.services().size(), recording.heldOutMultiple(), callees ? "on" : "off", rowSeconds);
    Map<String, ServiceHistory[]> histories = recording.histories();
    report(windowed(callees ? histories : withoutCallees(histories), rowSeconds), recording.splitMillis(),
        recording.heldOutMultiple(), out);
  }

  private static int checkRowSeconds(int rowSeconds) {
    if (rowSeconds < 1) {
      throw new IllegalArgumentException("--demo-row-seconds must be >= 1, was " + rowSeconds);
    }
    return rowSeconds;
  }

  /** Every history's rows averaged over {@code rowSeconds} ({@link RowWindows}); 1 keeps them as they are. */
  static Map<String, ServiceHistory[]> windowed(Map<String, ServiceHistory[]> histories, int rowSeconds) {
    if (rowSeconds == 1) {
      return histories;
    }
    Map<String, ServiceHistory[]> out = new LinkedHashMap<>();
    histories.forEach((service, h) -> out.put(service, new ServiceHistory[] {
        RowWindows.average(h[0], rowSeconds * 1000L), RowWindows.average(h[1], rowSeconds * 1000L)}));
    return out;
  }

  /** The histories without their callee-latency features ({@link StoreHistorySource#isCalleeFeature}). */
  static Map<String, ServiceHistory[]> withoutCallees(Map<String, ServiceHistory[]> histories) {
    Map<String, ServiceHistory[]> out = new LinkedHashMap<>();
    histories.forEach((service, h) -> out.put(service, new ServiceHistory[] {withoutCallees(h[0]),
        withoutCallees(h[1])}));
    return out;
  }

  private static ServiceHistory withoutCallees(ServiceHistory h) {
    List<FeatureSpec> features = h.features();
    int[] keep = java.util.stream.IntStream.range(0, features.size())
        .filter(i -> !StoreHistorySource.isCalleeFeature(features.get(i))).toArray();
    ServiceHistory.Builder b = ServiceHistory.builder(h.service(),
        java.util.Arrays.stream(keep).mapToObj(features::get).toList());
    for (int r = 0; r < h.size(); r++) {
      double[] row = h.featureRow(r);
      b.add(h.timestampMillis(r), h.requestRate(r), java.util.Arrays.stream(keep).mapToDouble(i -> row[i]).toArray(),
          h.p50Millis(r), h.p99Millis(r));
    }
    return b.build();
  }

  private static void report(Map<String, ServiceHistory[]> histories, long split, double heldOutMultiple,
      PrintWriter out) {
    List<Map<String, double[]>> tables = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
    StringBuilder summary = new StringBuilder();
    StringBuilder terms = new StringBuilder();
    for (Map.Entry<String, ServiceHistory[]> e : histories.entrySet()) {
      String service = e.getKey();
      ServiceHistory train = e.getValue()[0];
      ServiceHistory held = e.getValue()[1];
      LatencyModelFitter.Config config = LatencyModelFitter.Config.defaults(42);
      if (train.size() < config.minRows() || held.size() < 3) {
        out.printf(Locale.ROOT, "  %s: too few rows (training %d, held-out %d)%n", service, train.size(),
            held.size());
        continue;
      }
      ServicePerfModel model = ServicePerfModel.train(train, config, split, () -> false);
      WhatIfResult whatIf = model.whatIf(heldOutMultiple);
      terms.append(queueingTerms(train));
      for (LatencyQuantile q : LatencyQuantile.values()) {
        tables.get(q.ordinal()).put(service, HeldOutMape.scores(model, train, held, q, config));
      }
      summary.append(String.format(Locale.ROOT,
          "%-12s%6d%6d%10.1f%10.1f%8.2f%10.2f%10.2f%10.2f%10.2f%10.2f%10.2f  %-12s%-14s%n", service, train.size(),
          held.size(),
          meanRate(train, train.size() - 30), meanRate(held, 0),
          meanRate(held, 0) / Math.max(meanRate(train, train.size() - 30), 1e-9),
          mean(train, LatencyQuantile.P99, train.size() - 30), mean(held, LatencyQuantile.P99, 0),
          meanFeature(train, "cpu", train.size() - 30), meanFeature(held, "cpu", 0),
          meanFeature(train, "threads", train.size() - 30), meanFeature(held, "threads", 0),
          whatIf.bottleneck() == null ? "(none)" : whatIf.bottleneck().resource(),
          model.chosen(LatencyQuantile.P50).label() + "/" + model.chosen(LatencyQuantile.P99).label()));
    }
    for (LatencyQuantile q : LatencyQuantile.values()) {
      out.printf(Locale.ROOT, "%n%s MAPE %% on held-out rows at %.1fx the training rate%n", q,
          heldOutMultiple);
      out.print(HeldOutMape.format("service", tables.get(q.ordinal()), false));
    }
    out.printf(Locale.ROOT, "%nrates (req/s) over the last 30 training rows and the held-out rows, p99 (ms), cpu,"
        + " thread-pool busy share, and the bottleneck named by whatIf(%.1f)%n", heldOutMultiple);
    out.printf(Locale.ROOT, "%-12s%6s%6s%10s%10s%8s%10s%10s%10s%10s%10s%10s  %-12s%-14s%n", "service", "train",
        "held", "rate tr", "rate held", "ratio", "p99 tr", "p99 held", "cpu tr", "cpu held", "thr tr", "thr held",
        "bottleneck", "chosen");
    out.print(summary);
    out.printf(Locale.ROOT, "%nqueueing model fitted on the training rows' p99 (terms: base + coefficient x term)%n");
    out.print(terms);
    out.printf(Locale.ROOT, "load average %.2f at end%n", loadAverage());
  }

  /** The p99 queueing model's terms for {@code train}, one line. */
  private static String queueingTerms(ServiceHistory train) {
    double[][] x = new double[train.size()][];
    double[] y = new double[train.size()];
    for (int i = 0; i < train.size(); i++) {
      x[i] = train.inputRow(i);
      y[i] = train.p99Millis(i);
    }
    List<String> names = new java.util.ArrayList<>();
    names.add("rate");
    train.features().forEach(f -> names.add(f.name()));
    QueueingModel m = QueueingFit.fit(train.features(), x, y, LatencyModelFitter.SHAPE_QUANTILE,
        LatencyModelFitter.QUEUEING_LAMBDA);
    return String.format(Locale.ROOT, "%-12s%s%n", train.service(), m.describe(names));
  }

  /** The rows of {@code history} with {@code fromMillis <= timestamp < toMillis}. */
  static ServiceHistory between(ServiceHistory history, long fromMillis, long toMillis) {
    ServiceHistory.Builder b = ServiceHistory.builder(history.service(), history.features());
    for (int i = 0; i < history.size(); i++) {
      long ts = history.timestampMillis(i);
      if (ts >= fromMillis && ts < toMillis) {
        b.add(ts, history.requestRate(i), history.featureRow(i), history.p50Millis(i), history.p99Millis(i));
      }
    }
    return b.build();
  }

  private static double meanRate(ServiceHistory h, int from) {
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < h.size(); i++, n++) {
      sum += h.requestRate(i);
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double mean(ServiceHistory h, LatencyQuantile q, int from) {
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < h.size(); i++, n++) {
      sum += h.latencyMillis(i, q);
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double meanFeature(ServiceHistory h, String name, int from) {
    int f = h.features().stream().map(s -> s.name()).toList().indexOf(name);
    if (f < 0) {
      return Double.NaN;
    }
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < h.size(); i++, n++) {
      sum += h.featureRow(i)[f];
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; left behind at worst
    }
  }
}
