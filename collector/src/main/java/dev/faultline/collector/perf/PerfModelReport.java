package dev.faultline.collector.perf;

import dev.faultline.collector.perf.model.LatencyModelFitter;
import dev.faultline.collector.perf.model.ModelKind;
import dev.faultline.collector.perf.sim.SimulatedCase;
import dev.faultline.collector.perf.sim.SimulatedCases;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark of the performance model on the {@link SimulatedCases}: for each case, trains on the training window
 * (loads up to the training maximum) and measures, on the held-out window at 1.5 times that maximum, the MAPE of p50
 * and p99 for each model kind, the chosen model, the chosen model driven by the request rate alone (the what-if
 * path: features predicted from the rate), and the naive last-value baseline; then checks the bottleneck named by
 * {@code whatIf(1.5)} against the simulator's true one. Runs the standard cases, then the same cases with resources
 * that also move on their own, and finally both checks on the same cases drawn with held-back seeds.
 *
 * <pre>
 * mvn -q -pl collector -am -DskipTests package
 * java -cp collector/target/faultline-collector.jar dev.faultline.collector.perf.PerfModelReport
 * </pre>
 */
public final class PerfModelReport {

  private PerfModelReport() {}

  /** Runs the benchmark and prints the tables to standard output. */
  public static void main(String[] args) {
    long start = System.nanoTime();
    System.out.println("== resources driven by the request rate alone (SimulatedCases.standard)");
    run(SimulatedCases.standard(), System.out);
    System.out.println();
    System.out.println("== resources also moving on their own (SimulatedCases.disturbed)");
    run(SimulatedCases.disturbed(), System.out);
    System.out.println();
    heldBackSeeds(System.out);
    System.out.printf(Locale.ROOT, "elapsed %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** One case's outcome. */
  record CaseResult(String name, double[] p50Mape, double[] p99Mape, String chosen, String trueBottleneck,
      String namedBottleneck, String namedHeadroom, double p50Coverage, double p99Coverage, double p99BandWidth,
      double p50Before, double p99Before) {
    boolean hit() {
      return trueBottleneck.equals(namedBottleneck);
    }
  }

  /** Evaluates every case and prints the per-case and mean tables; returns the per-case results. */
  static List<CaseResult> run(List<SimulatedCase> cases, PrintStream out) {
    List<CaseResult> results = new ArrayList<>();
    for (SimulatedCase c : cases) {
      results.add(evaluate(c));
    }
    print(results, out);
    return results;
  }

  /** Seeds added to each case's own for the held-back check: not looked at while designing the bottleneck rule. */
  static final long[] HELD_BACK_SEED_OFFSETS = {1000, 2000, 3000, 4000, 5000, 6000};

  /**
   * MAPE and the bottleneck check on the same cases drawn with other seeds ({@link #HELD_BACK_SEED_OFFSETS}), both
   * variants: guards against a model or rule tuned to the noise of the twelve standard draws. Per draw, the mean
   * MAPE of the chosen model, of the choice before the queueing model ({@link #previousChoice}) and of the naive
   * baseline, with the ratios to naive.
   */
  static void heldBackSeeds(PrintStream out) {
    out.println("== held-back seeds (same cases, other noise and disturbances): mean MAPE % at 1.5x, chosen"
        + " (before) / naive, and the bottleneck");
    for (long offset : HELD_BACK_SEED_OFFSETS) {
      for (boolean disturbed : new boolean[] {false, true}) {
        List<CaseResult> results = new ArrayList<>();
        StringBuilder misses = new StringBuilder();
        for (SimulatedCase c0 : SimulatedCases.standard()) {
          CaseResult r = evaluate(c0.withSeed(c0.seed() + offset).withDisturbances(disturbed));
          results.add(r);
          if (!r.hit()) {
            misses.append(' ').append(r.name()).append(" -> ").append(r.namedBottleneck()).append(';');
          }
        }
        out.printf(Locale.ROOT, "seed +%d %-9s p50 %s  p99 %s  bottleneck %d of 12;%s%n", offset,
            disturbed ? "disturbed" : "standard", means(results, LatencyQuantile.P50),
            means(results, LatencyQuantile.P99), results.stream().filter(CaseResult::hit).count(),
            misses.length() == 0 ? " no misses" : misses);
      }
    }
  }

  /**
   * "chosen (before) / naive = ratio (before) [queueing, q+ridge]" over the cases' means; the bracket holds the
   * ratios of always taking the queueing model or the mean of queueing and ridge.
   */
  private static String means(List<CaseResult> results, LatencyQuantile q) {
    double chosen = 0;
    double before = 0;
    double naive = 0;
    double queueing = 0;
    double blend = 0;
    for (CaseResult r : results) {
      double[] m = q == LatencyQuantile.P50 ? r.p50Mape() : r.p99Mape();
      chosen += m[HeldOutMape.CHOSEN] / results.size();
      naive += m[HeldOutMape.NAIVE] / results.size();
      queueing += m[HeldOutMape.COLUMNS.indexOf("queueing")] / results.size();
      blend += m[HeldOutMape.COLUMNS.indexOf("q+ridge")] / results.size();
      before += (q == LatencyQuantile.P50 ? r.p50Before() : r.p99Before()) / results.size();
    }
    return String.format(Locale.ROOT, "%5.1f (%5.1f) / %5.1f = %.2f (%.2f) [%.2f, %.2f]", chosen, before, naive,
        chosen / naive, before / naive, queueing / naive, blend / naive);
  }

  /**
   * The kind the fitter chose before the queueing model was added (ridge or ridge+gbt, whichever had the lower
   * held-out error, ridge on a tie); its held-out rows and penalty are unchanged, so its MAPE at 1.5x is the
   * matching per-kind column of {@link HeldOutMape#scores}.
   */
  static double previousChoice(ServicePerfModel model, LatencyQuantile q, double[] scores) {
    Map<ModelKind, Double> heldOut = model.fitted(q).heldOutMape();
    boolean trees = heldOut.get(ModelKind.RIDGE_GBT) < heldOut.get(ModelKind.RIDGE);
    return scores[HeldOutMape.COLUMNS.indexOf(trees ? ModelKind.RIDGE_GBT.label() : ModelKind.RIDGE.label())];
  }

  /** Trains on the case's training window and scores the held-out window. */
  static CaseResult evaluate(SimulatedCase c) {
    ServiceHistory train = c.training();
    ServiceHistory held = c.heldOut();
    LatencyModelFitter.Config config = LatencyModelFitter.Config.defaults(c.seed());
    ServicePerfModel model = ServicePerfModel.train(train, config, SimulatedCase.START_MILLIS, () -> false);
    double[] p50 = HeldOutMape.scores(model, train, held, LatencyQuantile.P50, config);
    double[] p99 = HeldOutMape.scores(model, train, held, LatencyQuantile.P99, config);
    WhatIfResult whatIf = model.whatIf(1.5);
    Contribution b = whatIf.bottleneck();
    String named = b == null ? "(none)" : b.resource();
    String headroom = b == null ? "" : String.format(Locale.ROOT, "%s %.2f->%.2f", b.feature(),
        b.currentUtilisation(), b.predictedUtilisation());
    String chosen = model.chosen(LatencyQuantile.P50).label() + "/" + model.chosen(LatencyQuantile.P99).label();
    double[] coverage = coverage(model, held);
    return new CaseResult(c.name(), p50, p99, chosen, c.trueBottleneck(), named, headroom, coverage[0], coverage[1],
        coverage[2], previousChoice(model, LatencyQuantile.P50, p50), previousChoice(model, LatencyQuantile.P99, p99));
  }

  /**
   * Fractions of held-out rows whose p50 and p99 fall inside the what-if band at their rate, and the mean p99 band
   * width as {@code high / low}.
   */
  private static double[] coverage(ServicePerfModel model, ServiceHistory held) {
    int in50 = 0;
    int in99 = 0;
    double width = 0;
    for (int i = 0; i < held.size(); i++) {
      WhatIfResult w = model.whatIf(held.requestRate(i) / model.currentRate());
      in50 += inside(w.p50(), held.p50Millis(i)) ? 1 : 0;
      in99 += inside(w.p99(), held.p99Millis(i)) ? 1 : 0;
      width += w.p99().high() / Math.max(w.p99().low(), 1e-9) / held.size();
    }
    return new double[] {(double) in50 / held.size(), (double) in99 / held.size(), width};
  }

  private static boolean inside(Estimate e, double actual) {
    return e.low() <= actual && actual <= e.high();
  }

  private static void print(List<CaseResult> results, PrintStream out) {
    for (LatencyQuantile q : LatencyQuantile.values()) {
      out.printf(Locale.ROOT, "%n%s MAPE %% on held-out rows at 1.5x the training maximum%n", q);
      Map<String, double[]> rows = new LinkedHashMap<>();
      results.forEach(r -> rows.put(r.name(), q == LatencyQuantile.P50 ? r.p50Mape() : r.p99Mape()));
      out.print(HeldOutMape.format("case", rows, true));
      out.printf(Locale.ROOT, "chosen (before: ridge or ridge+gbt) / naive: %s%n", means(results, q));
    }
    out.printf(Locale.ROOT, "%nbottleneck at 1.5x (utilisation of its feature nearest saturation), and share of held-out"
        + " rows inside the 5-95%% what-if band%n");
    out.printf(Locale.ROOT, "%-24s%-20s%-20s%-32s%-20s%8s%8s%10s%n", "case", "true", "named", "utilisation now->1.5x",
        "chosen p50/p99", "p50 in", "p99 in", "p99 hi/lo");
    int hits = 0;
    double cover50 = 0;
    double cover99 = 0;
    for (CaseResult r : results) {
      out.printf(Locale.ROOT, "%-24s%-20s%-20s%-32s%-20s%8.2f%8.2f%10.2f%n", r.name(), r.trueBottleneck(),
          r.namedBottleneck(), r.namedHeadroom(), r.chosen(), r.p50Coverage(), r.p99Coverage(), r.p99BandWidth());
      hits += r.hit() ? 1 : 0;
      cover50 += r.p50Coverage() / results.size();
      cover99 += r.p99Coverage() / results.size();
    }
    out.printf(Locale.ROOT, "bottleneck named correctly in %d of %d cases; band coverage p50 %.2f, p99 %.2f%n", hits,
        results.size(), cover50, cover99);
  }
}
