package dev.faultline.collector.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable window of one service's recent history, one row per reporting interval: timestamp, request rate,
 * resource features (in the order of {@link #features()}) and the latency quantiles to model. This is the only input
 * the performance model needs; the wiring builds it from the store.
 *
 * <pre>{@code
 * ServiceHistory.Builder b = ServiceHistory.builder("checkout",
 *     List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION), FeatureSpec.of("callee:db", FeatureKind.QUANTITY)));
 * b.add(tsMillis, ratePerSecond, new double[] {cpuFraction, dbMillis}, p50Millis, p99Millis);
 * ServiceHistory h = b.build();
 * }</pre>
 *
 * <p>Rows must be added in non-decreasing timestamp order. A row holding a NaN or infinite value anywhere is a gap
 * and is skipped by {@link Builder#add} (and counted in {@link #skippedRows()}), so every stored value is finite.
 * Rates, features and latencies must be non-negative. Thread-safe (immutable).
 */
public final class ServiceHistory {

  private final String service;
  private final List<FeatureSpec> features;
  private final long[] timestampsMillis;
  private final double[] requestRate;
  private final double[][] featureRows;
  private final double[] p50Millis;
  private final double[] p99Millis;
  private final int skippedRows;

  private ServiceHistory(Builder b) {
    this.service = b.service;
    this.features = List.copyOf(b.features);
    int n = b.rates.size();
    this.timestampsMillis = new long[n];
    this.requestRate = new double[n];
    this.featureRows = new double[n][];
    this.p50Millis = new double[n];
    this.p99Millis = new double[n];
    for (int i = 0; i < n; i++) {
      timestampsMillis[i] = b.timestamps.get(i);
      requestRate[i] = b.rates.get(i);
      featureRows[i] = b.rows.get(i).clone();
      p50Millis[i] = b.p50s.get(i);
      p99Millis[i] = b.p99s.get(i);
    }
    this.skippedRows = b.skipped;
  }

  /** Starts a history for {@code service} with the given resource features (possibly none). */
  public static Builder builder(String service, List<FeatureSpec> features) {
    return new Builder(service, features);
  }

  public String service() {
    return service;
  }

  public List<FeatureSpec> features() {
    return features;
  }

  /** Number of stored (finite) rows. */
  public int size() {
    return requestRate.length;
  }

  /** Rows dropped at {@link Builder#add} because they held a non-finite value. */
  public int skippedRows() {
    return skippedRows;
  }

  public long timestampMillis(int row) {
    return timestampsMillis[row];
  }

  /** Requests per second in {@code row}. */
  public double requestRate(int row) {
    return requestRate[row];
  }

  /** A copy of the resource features of {@code row}, in the order of {@link #features()}. */
  public double[] featureRow(int row) {
    return featureRows[row].clone();
  }

  /**
   * The model input of {@code row}: the request rate followed by the resource features, i.e. a vector of length
   * {@code 1 + features().size()}.
   */
  public double[] inputRow(int row) {
    double[] x = new double[1 + features.size()];
    x[0] = requestRate[row];
    System.arraycopy(featureRows[row], 0, x, 1, features.size());
    return x;
  }

  public double p50Millis(int row) {
    return p50Millis[row];
  }

  public double p99Millis(int row) {
    return p99Millis[row];
  }

  /** The latency target of {@code row} for the given quantile. */
  public double latencyMillis(int row, LatencyQuantile quantile) {
    return quantile == LatencyQuantile.P50 ? p50Millis[row] : p99Millis[row];
  }

  /** The last {@code maxRows} rows (all rows if there are fewer), as a new history. */
  public ServiceHistory lastRows(int maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must be >= 0, was " + maxRows);
    }
    int from = Math.max(0, size() - maxRows);
    Builder b = new Builder(service, features);
    for (int i = from; i < size(); i++) {
      b.add(timestampsMillis[i], requestRate[i], featureRows[i], p50Millis[i], p99Millis[i]);
    }
    return b.build();
  }

  /** Collects rows; not thread-safe. */
  public static final class Builder {
    private final String service;
    private final List<FeatureSpec> features;
    private final List<Long> timestamps = new ArrayList<>();
    private final List<Double> rates = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private final List<Double> p50s = new ArrayList<>();
    private final List<Double> p99s = new ArrayList<>();
    private int skipped;

    private Builder(String service, List<FeatureSpec> features) {
      this.service = Objects.requireNonNull(service, "service");
      this.features = List.copyOf(Objects.requireNonNull(features, "features"));
      long distinct = features.stream().map(FeatureSpec::name).distinct().count();
      if (distinct != features.size()) {
        throw new IllegalArgumentException("features must have distinct names: " + features);
      }
    }

    /**
     * Adds one row; a row with any non-finite value is skipped (a gap).
     *
     * @param timestampMillis epoch milliseconds, not before the previous row's
     * @param ratePerSecond request rate, >= 0
     * @param featureValues resource features in the order of the feature list, each >= 0
     * @param p50 median latency in milliseconds, >= 0
     * @param p99 99th percentile latency in milliseconds, >= 0
     * @return this builder
     * @throws IllegalArgumentException on a wrong feature count, a negative value or a timestamp going backwards
     */
    public Builder add(long timestampMillis, double ratePerSecond, double[] featureValues, double p50, double p99) {
      Objects.requireNonNull(featureValues, "featureValues");
      if (featureValues.length != features.size()) {
        throw new IllegalArgumentException(
            "featureValues must have " + features.size() + " values, had " + featureValues.length);
      }
      if (!timestamps.isEmpty() && timestampMillis < timestamps.get(timestamps.size() - 1)) {
        throw new IllegalArgumentException("timestampMillis must not decrease, was " + timestampMillis);
      }
      if (!allFinite(ratePerSecond, p50, p99) || !allFinite(featureValues)) {
        skipped++;
        return this;
      }
      if (ratePerSecond < 0 || p50 < 0 || p99 < 0 || Arrays.stream(featureValues).anyMatch(v -> v < 0)) {
        throw new IllegalArgumentException("rate, features and latencies must be >= 0 at " + timestampMillis);
      }
      timestamps.add(timestampMillis);
      rates.add(ratePerSecond);
      rows.add(featureValues.clone());
      p50s.add(p50);
      p99s.add(p99);
      return this;
    }

    public ServiceHistory build() {
      return new ServiceHistory(this);
    }

    private static boolean allFinite(double... values) {
      for (double v : values) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
  }
}
