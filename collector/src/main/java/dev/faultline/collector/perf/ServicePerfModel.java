package dev.faultline.collector.perf;

import dev.faultline.collector.perf.model.Errors;
import dev.faultline.collector.perf.model.ImpliedUtilisation;
import dev.faultline.collector.perf.model.LatencyModelFitter;
import dev.faultline.collector.perf.model.LoadResponse;
import dev.faultline.collector.perf.model.ModelKind;
import dev.faultline.collector.perf.model.QueueingDesign;
import dev.faultline.collector.perf.model.RegressionModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The trained performance model of one service: a p50 and a p99 latency model (each chosen among the queueing model,
 * ridge, and either plus trees by {@link LatencyModelFitter}; p50's queueing model reuses p99's servers and service
 * times) and, per resource feature, its {@link LoadResponse} to the request rate.
 *
 * <p>What-if at multiple {@code m}: with {@code r0} the current rate (median of the latest {@value #CURRENT_ROWS}
 * rows), the input at rate {@code r} is {@code x(r) = (r, v_1(r), ..., v_k(r))} with {@code v_i} the load responses;
 * the prediction is {@code model(x(m r0))}, the band the model's held-out ratio band (widened beyond the highest
 * training rate, {@link LatencyModelFitter.Fitted#bandAt}), and the contributions the
 * model's attribution of {@code p99(x(m r0)) - p99(x(r0))}, summed per resource. When p99 rises or the load does
 * (a model may predict a flat p99 when no queueing term earned its place), the bottleneck is the resource nearest
 * saturation: the one whose M/M/1 queueing term grows most between the two loads ({@link Headroom}; a quantity's
 * utilisation comes from its row-to-row response to the rate, {@link ImpliedUtilisation}, so that a callee drifting
 * on its own is not taken for a saturating one; see {@code bottleneck}); the per-feature diagnostics ({@link FeatureEffect}) show each fitted term's share of p99
 * at both loads. Immutable and thread-safe.
 *
 * <pre>{@code
 * ServicePerfModel m = ServicePerfModel.train(history, LatencyModelFitter.Config.defaults(42), clock.millis(), () -> false);
 * WhatIfResult twice = m.whatIf(2.0);
 * String resource = twice.bottleneck().resource();
 * }</pre>
 */
public final class ServicePerfModel {

  /** Rows whose median rate is the "current" rate. */
  public static final int CURRENT_ROWS = 30;
  /** Name of the request rate in contributions. */
  public static final String REQUEST_RATE = "requestRate";

  private final String service;
  private final List<FeatureSpec> features;
  private final long trainedAtMillis;
  private final int trainingRows;
  private final double currentRate;
  private final double maxRate;
  private final LoadResponse[] responses;
  private final ImpliedUtilisation[] implied;
  private final LatencyModelFitter.Fitted p50;
  private final LatencyModelFitter.Fitted p99;
  private final boolean budgetExhausted;

  private ServicePerfModel(ServiceHistory h, long trainedAtMillis, LoadResponse[] responses,
      ImpliedUtilisation[] implied, LatencyModelFitter.Fitted p50, LatencyModelFitter.Fitted p99,
      boolean budgetExhausted) {
    this.service = h.service();
    this.features = h.features();
    this.trainedAtMillis = trainedAtMillis;
    this.trainingRows = h.size();
    double[] recent = new double[Math.min(CURRENT_ROWS, h.size())];
    double max = 0;
    for (int i = 0; i < h.size(); i++) {
      max = Math.max(max, h.requestRate(i));
    }
    for (int i = 0; i < recent.length; i++) {
      recent[i] = h.requestRate(h.size() - recent.length + i);
    }
    this.currentRate = Errors.quantile(recent, 0.5);
    this.maxRate = max;
    this.responses = responses;
    this.implied = implied;
    this.p50 = p50;
    this.p99 = p99;
    this.budgetExhausted = budgetExhausted;
  }

  /**
   * Trains a model on the whole of {@code history} (apply a row budget before calling).
   *
   * @param history the service's recent history, at least {@code config.minRows()} rows
   * @param config fitting parameters
   * @param nowMillis the trainer's clock, recorded as the training time
   * @param stop time budget: once true, boosting stops adding trees and the queueing fit adds no further term
   */
  public static ServicePerfModel train(
      ServiceHistory history, LatencyModelFitter.Config config, long nowMillis, BooleanSupplier stop) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(config, "config");
    int n = history.size();
    double[][] x = new double[n][];
    double[] rate = new double[n];
    double[] y50 = new double[n];
    double[] y99 = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = history.inputRow(i);
      rate[i] = history.requestRate(i);
      y50[i] = history.p50Millis(i);
      y99[i] = history.p99Millis(i);
    }
    LoadResponse[] responses = new LoadResponse[history.features().size()];
    ImpliedUtilisation[] implied = new ImpliedUtilisation[responses.length];
    for (int f = 0; f < responses.length; f++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = x[i][f + 1];
      }
      FeatureKind kind = history.features().get(f).kind();
      responses[f] = LoadResponse.fit(rate, v, kind);
      implied[f] = kind.isFraction() ? null : ImpliedUtilisation.fit(rate, v);
    }
    boolean[] stopped = new boolean[1];
    BooleanSupplier recordingStop = () -> stopped[0] |= stop.getAsBoolean();
    List<FeatureSpec> features = history.features();
    LatencyModelFitter.Fitted m50 = LatencyModelFitter.fit(features, x, y50, LatencyQuantile.P50.probability(), y99,
        config, recordingStop);
    LatencyModelFitter.Fitted m99 = LatencyModelFitter.fit(features, x, y99, LatencyQuantile.P99.probability(), y99,
        config, recordingStop);
    return new ServicePerfModel(history, nowMillis, responses, implied, m50, m99, stopped[0]);
  }

  /** The model input at request rate {@code rate}: the rate and every feature's load response. */
  public double[] inputAt(double rate) {
    double[] x = new double[1 + responses.length];
    x[0] = rate;
    for (int f = 0; f < responses.length; f++) {
      x[f + 1] = responses[f].at(rate);
    }
    return x;
  }

  /** Predicted latency in milliseconds at request rate {@code rate} (no band). */
  public double predictAtRate(LatencyQuantile quantile, double rate) {
    return (quantile == LatencyQuantile.P50 ? p50 : p99).model().predict(inputAt(rate));
  }

  /** Predicted latency for an observed raw input (rate followed by features), e.g. a held-out row. */
  public double predict(LatencyQuantile quantile, double[] input) {
    return (quantile == LatencyQuantile.P50 ? p50 : p99).model().predict(input);
  }

  /**
   * Predicts latency at {@code loadMultiple} times the current rate.
   *
   * @param loadMultiple finite and > 0; 1 is the current load
   */
  public WhatIfResult whatIf(double loadMultiple) {
    if (!(loadMultiple > 0) || Double.isInfinite(loadMultiple)) {
      throw new IllegalArgumentException("loadMultiple must be finite and > 0, was " + loadMultiple);
    }
    double rate = loadMultiple * currentRate;
    double[] from = inputAt(currentRate);
    double[] to = inputAt(rate);
    double[] raw = p99.model().attribute(from, to);
    List<Contribution> contributions = contributions(raw, from, to, loadMultiple);
    double rise = Arrays.stream(raw).sum();
    return new WhatIfResult(service, loadMultiple, currentRate, rate, p50.model().predict(from),
        p99.model().predict(from), estimate(p50, to, rate), estimate(p99, to, rate), saturated(to), rate > maxRate,
        rise > 0 || loadMultiple > 1 ? bottleneck(contributions) : null, contributions, featureEffects(from, to, loadMultiple),
        "p50=" + p50.chosen().label() + ", p99=" + p99.chosen().label());
  }

  /**
   * The resource whose queueing term grows most ({@link Contribution#queueGrowth}): by queueing theory the waiting
   * time grows fastest at the resource nearest saturation, and the utilisations and their load responses tell which
   * one that is, whereas the p99 model's split of the rise among resources that all grow with the rate is not
   * identified (on the simulated cases it named a resource with 30% utilisation over a heap heading to 80% or a
   * saturating callee, BENCHMARKS.md). Without any growing resource, the largest positive contribution.
   */
  private static Contribution bottleneck(List<Contribution> contributions) {
    Contribution best = contributions.stream()
        .filter(c -> !REQUEST_RATE.equals(c.resource()) && c.queueGrowth() > 0)
        .max(Comparator.comparingDouble(Contribution::queueGrowth))
        .orElse(null);
    if (best != null) {
      return best;
    }
    return contributions.stream().filter(c -> c.deltaP99Millis() > 0).findFirst().orElse(null);
  }

  private List<Contribution> contributions(double[] raw, double[] from, double[] to, double multiple) {
    Map<String, Double> byResource = new TreeMap<>();
    Map<String, Integer> topFeature = new LinkedHashMap<>();
    Map<String, double[]> headroom = new LinkedHashMap<>();
    for (int i = 0; i < raw.length; i++) {
      String resource = i == 0 ? REQUEST_RATE : features.get(i - 1).resource();
      byResource.merge(resource, raw[i], Double::sum);
      Integer top = topFeature.get(resource);
      double[] u = i == 0 ? new double[] {0, 0} : utilisations(i, from, to, multiple);
      double[] best = headroom.get(resource);
      if (top == null || better(i, u, top, best, raw)) {
        topFeature.put(resource, i);
        headroom.put(resource, u);
      }
    }
    double positive = byResource.values().stream().mapToDouble(d -> Math.max(d, 0)).sum();
    List<Contribution> out = new ArrayList<>();
    byResource.forEach((resource, delta) -> {
      int i = topFeature.get(resource);
      double[] u = headroom.get(resource);
      String feature = i == 0 ? REQUEST_RATE : features.get(i - 1).name();
      out.add(new Contribution(resource, feature, delta, positive > 0 ? delta / positive : 0, from[i], to[i], u[0],
          u[1]));
    });
    out.sort(Comparator.comparingDouble(Contribution::deltaP99Millis).reversed()
        .thenComparing(Contribution::resource));
    return List.copyOf(out);
  }

  /**
   * Whether raw input {@code i} represents its resource better than {@code top}: a utilisation feature beats a
   * quantity (a measured utilisation over an implied one), then the larger queue growth, then the larger contribution.
   */
  private boolean better(int i, double[] u, int top, double[] topU, double[] raw) {
    boolean util = features.get(i - 1).kind().isFraction();
    boolean topUtil = top > 0 && features.get(top - 1).kind().isFraction();
    if (util != topUtil) {
      return util;
    }
    double g = Headroom.queueGrowth(u);
    double topG = Headroom.queueGrowth(topU);
    return g != topG ? g > topG : raw[i] > raw[top];
  }

  /**
   * A fraction is its own utilisation; a quantity's comes from its row-to-row response to the rate ({@link
   * ImpliedUtilisation}: a drift of its own is not credited to the load), else from its load response's growth.
   */
  private double[] utilisations(int i, double[] from, double[] to, double multiple) {
    ImpliedUtilisation u = implied[i - 1];
    if (u != null) {
      return new double[] {u.at(from[0]), u.at(to[0])};
    }
    return Headroom.utilisations(features.get(i - 1).kind(), from[i], to[i], multiple);
  }

  private List<FeatureEffect> featureEffects(double[] from, double[] to, double multiple) {
    double[] zero = inputAt(0);
    double[] now = p99.model().attribute(zero, from);
    double[] then = p99.model().attribute(zero, to);
    List<FeatureEffect> out = new ArrayList<>();
    for (int i = 0; i < from.length; i++) {
      double[] u = i == 0 ? new double[] {0, 0} : utilisations(i, from, to, multiple);
      String name = i == 0 ? REQUEST_RATE : features.get(i - 1).name();
      String resource = i == 0 ? REQUEST_RATE : features.get(i - 1).resource();
      out.add(new FeatureEffect(name, resource, from[i], to[i], u[0], u[1], now[i], then[i]));
    }
    return List.copyOf(out);
  }

  private Estimate estimate(LatencyModelFitter.Fitted fitted, double[] x, double rate) {
    double v = Math.max(0, fitted.model().predict(x));
    double[] band = fitted.bandAt(maxRate > 0 ? rate / maxRate - 1 : 0);
    return new Estimate(v, v * band[0], v * band[1]);
  }

  private boolean saturated(double[] x) {
    for (int f = 0; f < features.size(); f++) {
      if (features.get(f).kind() == FeatureKind.UTILISATION && x[f + 1] >= QueueingDesign.U_MAX) {
        return true;
      }
    }
    return false;
  }

  /** A JSON-ready description of this model. */
  public ModelSummary summary() {
    return new ModelSummary(service, trainedAtMillis, trainingRows,
        features.stream().map(FeatureSpec::name).toList(), currentRate, maxRate, quantileSummary(p50),
        quantileSummary(p99), budgetExhausted);
  }

  private static ModelSummary.QuantileModel quantileSummary(LatencyModelFitter.Fitted f) {
    Map<String, Double> mape = new LinkedHashMap<>();
    for (ModelKind k : ModelKind.values()) {
      mape.put(k.label(), f.heldOutMape().get(k));
    }
    return new ModelSummary.QuantileModel(f.chosen().label(), mape, f.bandLowRatio(), f.bandHighRatio());
  }

  public String service() {
    return service;
  }

  /** The rate what-if multiples refer to. */
  public double currentRate() {
    return currentRate;
  }

  /** The chosen model kind for {@code quantile}. */
  public ModelKind chosen(LatencyQuantile quantile) {
    return (quantile == LatencyQuantile.P50 ? p50 : p99).chosen();
  }

  /** The fitted latency model of {@code quantile} (for benchmarks). */
  public LatencyModelFitter.Fitted fitted(LatencyQuantile quantile) {
    return quantile == LatencyQuantile.P50 ? p50 : p99;
  }

  /** The fitted load response of feature {@code index} (visible for the report and tests). */
  LoadResponse response(int index) {
    return responses[index];
  }
}
