package dev.faultline.collector.perf;

import dev.faultline.collector.perf.forecast.CapacityForecaster;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The service-layer API the query routes, the command-line client and the dashboard call. Reads only published
 * models (never trains), so every call is cheap: a what-if is a handful of model evaluations, a capacity forecast a
 * Theil-Sen fit over at most 400 points plus a search of a few hundred evaluations. Thread-safe.
 *
 * <pre>{@code
 * PerfModelService perf = new PerfModelService(registry, CapacityForecaster.defaults());
 * // GET /api/v1/services/{name}/model          -> perf.model(name)          (404 when empty)
 * // GET /api/v1/services/{name}/whatif?load=2.0 -> perf.whatIf(name, PerfModelService.parseLoadMultiple("2.0"))
 * // faultline whatif SERVICE --load 2x          -> the same, with "2x"
 * // GET /api/v1/services/{name}/capacity?p99=250 -> perf.capacity(name, 250)
 * }</pre>
 *
 * An empty result means "no model yet" (too little history, or not trained yet); an {@link
 * IllegalArgumentException} means a malformed parameter (a 400).
 */
public final class PerfModelService {

  private final PerfModelRegistry registry;
  private final CapacityForecaster forecaster;

  public PerfModelService(PerfModelRegistry registry, CapacityForecaster forecaster) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
  }

  /** Services that have a model, sorted. */
  public List<String> services() {
    return registry.services();
  }

  /** The model summary of {@code service}. */
  public Optional<ModelSummary> model(String service) {
    return registry.get(service).map(e -> e.model().summary());
  }

  /**
   * Latency at {@code loadMultiple} times the current load.
   *
   * @throws IllegalArgumentException when {@code loadMultiple} is not finite and > 0
   */
  public Optional<WhatIfResult> whatIf(String service, double loadMultiple) {
    if (!(loadMultiple > 0) || Double.isInfinite(loadMultiple)) {
      throw new IllegalArgumentException("load must be a finite multiple > 0, was " + loadMultiple);
    }
    return registry.get(service).map(e -> e.model().whatIf(loadMultiple));
  }

  /**
   * When the p99 objective will be breached at the current load trend.
   *
   * @throws IllegalArgumentException when {@code objectiveP99Millis} is not finite and > 0
   */
  public Optional<CapacityForecast> capacity(String service, double objectiveP99Millis) {
    if (!(objectiveP99Millis > 0) || Double.isInfinite(objectiveP99Millis)) {
      throw new IllegalArgumentException("p99 objective must be finite and > 0 ms, was " + objectiveP99Millis);
    }
    return registry.get(service).map(e -> forecaster.forecast(e.model(), e.history(), objectiveP99Millis));
  }

  /**
   * Parses a load multiple as typed by a user: {@code 2}, {@code 2.0}, {@code 2x}, {@code 2X} or {@code 150%}.
   *
   * @throws IllegalArgumentException when the text is not one of these forms or the value is not finite and > 0
   */
  public static double parseLoadMultiple(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim().toLowerCase(Locale.ROOT);
    double scale = 1;
    if (s.endsWith("x")) {
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1);
      scale = 0.01;
    }
    double v;
    try {
      v = Double.parseDouble(s.trim()) * scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("load must look like 2, 2.0, 2x or 150%, was '" + text + "'");
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("load must be a finite multiple > 0, was '" + text + "'");
    }
    return v;
  }
}
