package dev.faultline.collector.perf.model;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adds, for every {@link FeatureKind#UTILISATION} feature {@code u}, its service demand per request by the service
 * demand law, {@code D = U / X}: {@code 1000 u / rate} (milliseconds of the pool per request, up to the pool's size),
 * as a {@link FeatureKind#QUANTITY} named {@code <name>:demand} of the same resource.
 *
 * <p>Why: a utilisation mixes two movements. With the load it rises as {@code rate x demand}; on its own it moves
 * when each request holds the pool longer (slow queries, a slower lock, other work on the CPU), and then latency rises
 * with the hold time itself, linearly, long before anything queues. A queueing term on the utilisation alone can only
 * explain the second movement as a queue, and on resources that move on their own the model fitting then took a
 * pool far from saturation as an M/M/1 queue instead of the pool that saturates (BENCHMARKS.md, "service demands").
 * The demand is flat in the load, so it explains the pool's own movement without extrapolating with the rate.
 *
 * <p>The rate in the denominator is floored at {@link #RATE_FLOOR_SHARE} of the median training rate: at near-zero
 * traffic a utilisation of other work would otherwise give a huge demand. Immutable and thread-safe.
 */
public final class ServiceDemands {

  /** The rate below which the demand is computed as at this share of the median training rate. */
  static final double RATE_FLOOR_SHARE = 0.25;

  private final List<FeatureSpec> features;
  private final int[] utilisations;
  private final double rateFloor;

  private ServiceDemands(List<FeatureSpec> features, int[] utilisations, double rateFloor) {
    this.features = features;
    this.utilisations = utilisations;
    this.rateFloor = rateFloor;
  }

  /**
   * The demands of {@code features}' utilisations, with the rate floor from the training rows {@code x} (raw inputs:
   * the rate, then the features).
   */
  public static ServiceDemands of(List<FeatureSpec> features, double[][] x) {
    int[] utilisations = java.util.stream.IntStream.range(0, features.size())
        .filter(f -> features.get(f).kind() == FeatureKind.UTILISATION).toArray();
    List<FeatureSpec> out = new ArrayList<>(features);
    for (int f : utilisations) {
      FeatureSpec u = features.get(f);
      out.add(new FeatureSpec(u.name() + ":demand", FeatureKind.QUANTITY, u.resource()));
    }
    double[] rates = Arrays.stream(x).mapToDouble(r -> r[0]).toArray();
    double floor = rates.length == 0 ? 0 : RATE_FLOOR_SHARE * Errors.quantile(rates, 0.5);
    return new ServiceDemands(List.copyOf(out), utilisations, floor);
  }

  /** The features followed by one demand per utilisation. */
  public List<FeatureSpec> features() {
    return features;
  }

  /** Whether any demand is added (there is a utilisation feature). */
  public boolean any() {
    return utilisations.length > 0;
  }

  /** The raw input {@code x} followed by its demands. */
  public double[] extend(double[] x) {
    double[] out = Arrays.copyOf(x, x.length + utilisations.length);
    double rate = Math.max(x[0], rateFloor);
    for (int k = 0; k < utilisations.length; k++) {
      out[x.length + k] = rate > 0 ? 1000 * x[1 + utilisations[k]] / rate : 0;
    }
    return out;
  }

  /** Every row of {@code x} {@linkplain #extend extended}. */
  public double[][] extendAll(double[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = extend(x[i]);
    }
    return out;
  }

  /**
   * {@code model} (fitted on extended inputs) over raw inputs: it extends them, and a demand's contribution goes to
   * its utilisation (the same pool), so contributions still have the raw inputs' length and sum to the change.
   */
  public RegressionModel over(RegressionModel model) {
    if (!any()) {
      return model;
    }
    return new RegressionModel() {
      @Override
      public double predict(double[] x) {
        return model.predict(extend(x));
      }

      @Override
      public double[] attribute(double[] from, double[] to) {
        double[] extended = model.attribute(extend(from), extend(to));
        double[] out = Arrays.copyOf(extended, from.length);
        for (int k = 0; k < utilisations.length; k++) {
          out[1 + utilisations[k]] += extended[from.length + k];
        }
        return out;
      }
    };
  }
}
