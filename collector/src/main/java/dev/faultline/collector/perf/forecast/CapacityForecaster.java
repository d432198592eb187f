package dev.faultline.collector.perf.forecast;

import dev.faultline.collector.perf.CapacityForecast;
import dev.faultline.collector.perf.CapacityForecast.Status;
import dev.faultline.collector.perf.LatencyQuantile;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.ServicePerfModel;
import java.util.Objects;

/**
 * Forecasts when a service's p99 objective will be breached if its load keeps its current trend.
 *
 * <ol>
 *   <li>Trend: {@link LoadTrend} of the request rate over the history (Theil-Sen slope, Mann-Kendall test).
 *   <li>Breach rate {@code R*}: the lowest rate {@code m r0} ({@code r0} the model's current rate, {@code m} in
 *       {@code [1, maxMultiple]}) where the model's predicted p99 reaches the objective; found by stepping {@code m}
 *       by 1% and bisecting the last step (20 halvings), which assumes the p99 curve crosses the objective once.
 *   <li>Time: {@code (R* - trend(now)) / slope}, with {@code now} the last row's time, floored at 0.
 * </ol>
 *
 * "No trend" and "not growing" are answers, not errors. Stateless and thread-safe.
 *
 * <pre>{@code
 * CapacityForecast f = new CapacityForecaster(2.58, 10).forecast(model, history, 250.0);
 * if (f.status() == CapacityForecast.Status.BREACH_FORECAST) { Duration.ofMillis(f.timeToBreachMillis()); }
 * }</pre>
 */
public final class CapacityForecaster {

  private static final double STEP = 1.01;
  private static final long MILLIS_PER_HOUR = 3_600_000L;

  private final double zThreshold;
  private final double maxMultiple;

  /**
   * @param zThreshold Mann-Kendall threshold for "a trend exists", > 0 (2.58: two-sided 1%)
   * @param maxMultiple largest load multiple searched for a breach, > 1
   */
  public CapacityForecaster(double zThreshold, double maxMultiple) {
    if (!(zThreshold > 0)) {
      throw new IllegalArgumentException("zThreshold must be > 0, was " + zThreshold);
    }
    if (!(maxMultiple > 1) || Double.isInfinite(maxMultiple)) {
      throw new IllegalArgumentException("maxMultiple must be finite and > 1, was " + maxMultiple);
    }
    this.zThreshold = zThreshold;
    this.maxMultiple = maxMultiple;
  }

  /** Mann-Kendall threshold 2.58 (1%), search up to 10x the current load. */
  public static CapacityForecaster defaults() {
    return new CapacityForecaster(2.58, 10);
  }

  /**
   * Forecasts the breach of {@code objectiveP99Millis}.
   *
   * @param model the service's model
   * @param history the recent history the trend is fitted on (normally the training window), non-empty
   * @param objectiveP99Millis the objective, > 0
   */
  public CapacityForecast forecast(ServicePerfModel model, ServiceHistory history, double objectiveP99Millis) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(history, "history");
    if (!(objectiveP99Millis > 0) || Double.isInfinite(objectiveP99Millis)) {
      throw new IllegalArgumentException("objectiveP99Millis must be finite and > 0, was " + objectiveP99Millis);
    }
    if (history.size() == 0) {
      throw new IllegalArgumentException("history must not be empty");
    }
    long[] t = new long[history.size()];
    double[] r = new double[history.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = history.timestampMillis(i);
      r[i] = history.requestRate(i);
    }
    LoadTrend trend = LoadTrend.fit(t, r, zThreshold);
    double r0 = model.currentRate();
    double perHour = trend.slopePerMilli() * MILLIS_PER_HOUR;
    double breachMultiple = breachMultiple(model, objectiveP99Millis);
    Double breachRate = Double.isNaN(breachMultiple) ? null : breachMultiple * r0;
    Double headroom = Double.isNaN(breachMultiple) ? null : breachMultiple;
    String service = model.service();
    if (breachMultiple == 1.0) {
      return new CapacityForecast(service, Status.ALREADY_BREACHED, objectiveP99Millis, r0, perHour,
          trend.mannKendallZ(), breachRate, headroom, null, null);
    }
    Status status;
    if (!trend.exists()) {
      status = Status.NO_TREND;
    } else if (trend.slopePerMilli() <= 0) {
      status = Status.NOT_GROWING;
    } else if (breachRate == null) {
      status = Status.NO_BREACH_WITHIN_MAX_LOAD;
    } else {
      long now = t[t.length - 1];
      long millis = (long) Math.max(0, Math.ceil((breachRate - trend.valueAt(now)) / trend.slopePerMilli()));
      return new CapacityForecast(service, Status.BREACH_FORECAST, objectiveP99Millis, r0, perHour,
          trend.mannKendallZ(), breachRate, headroom, millis, now + millis);
    }
    return new CapacityForecast(service, status, objectiveP99Millis, r0, perHour, trend.mannKendallZ(), breachRate,
        headroom, null, null);
  }

  /** The multiple at which predicted p99 first reaches the objective: 1.0 if already, NaN if not by maxMultiple. */
  private double breachMultiple(ServicePerfModel model, double objective) {
    double r0 = model.currentRate();
    if (model.predictAtRate(LatencyQuantile.P99, r0) >= objective) {
      return 1.0;
    }
    double lo = 1.0;
    while (lo < maxMultiple) {
      double hi = Math.min(lo * STEP, maxMultiple);
      if (model.predictAtRate(LatencyQuantile.P99, hi * r0) >= objective) {
        for (int i = 0; i < 20; i++) {
          double mid = (lo + hi) / 2;
          if (model.predictAtRate(LatencyQuantile.P99, mid * r0) >= objective) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return hi;
      }
      lo = hi;
    }
    return Double.NaN;
  }
}
