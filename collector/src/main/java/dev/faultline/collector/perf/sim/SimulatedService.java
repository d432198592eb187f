package dev.faultline.collector.perf.sim;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.LatencyQuantile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated service with five resources and a known, additive response curve, reporting the features an agent
 * would: {@code cpu}, {@code dbPool}, {@code threads} (utilisations of M/M/c pools), {@code heap} and {@code gcTime}
 * (resource {@code gc}), and {@code callee:downstream} (mean latency of a saturating M/M/1 callee).
 *
 * <p>Noise-free latency at rate {@code r} for quantile {@code q} (with {@code k_q = ln(1/(1-q))}, the exponential
 * quantile factor: 0.69 for p50, 4.61 for p99, used for the callee; pools hold a request for {@code s} at the median
 * and {@code 2 s} at p99):
 *
 * <pre>
 *   L_q(r) = base
 *          + sum_{pool in cpu, dbPool, threads} ( s t_q + W_q(c, rho = r s / c) ),  t_50 = 1, t_99 = 2   (M/M/c, {@link Queueing})
 *          + gcPause (2 or 20) g(r),  g = gcPerRate r / (1 - min(h, 0.97)),  h = heapBase + heapPerRate r
 *          + k_q m(r),  m = calleeMillis / (1 - min(r / calleeCapacity, 0.99))
 * </pre>
 *
 * Resources also move on their own, as in production (other tenants' CPU use, slow queries, a slower callee): a
 * {@link Disturbance} shifts CPU utilisation, scales pool hold times and the callee's service time, and offsets heap
 * occupancy, and the latency follows the disturbed values. Without disturbances every resource is a function of
 * the rate alone and the history cannot tell which one drives latency. Observations add measurement noise:
 * utilisations {@code + N(0, 0.01)} clipped to [0, 1], gcTime and callee latency times {@code exp(N(0, 0.05))},
 * latencies times {@code exp(N(0, 0.05))}. Parameters are given as utilisations at a
 * reference rate so cases are easy to read. Immutable; sampling takes the caller's {@link Random}.
 */
public final class SimulatedService {

  /** The resources whose contributions are tracked (also the features' resource labels). */
  public static final List<String> RESOURCES = List.of("cpu", "dbPool", "threads", "gc", "callee:downstream");

  /** The reported features, in row order. */
  public static final List<FeatureSpec> FEATURES = List.of(
      FeatureSpec.of("cpu", FeatureKind.UTILISATION),
      FeatureSpec.of("dbPool", FeatureKind.UTILISATION),
      FeatureSpec.of("threads", FeatureKind.UTILISATION),
      new FeatureSpec("heap", FeatureKind.OCCUPANCY, "gc"),
      new FeatureSpec("gcTime", FeatureKind.QUANTITY, "gc"),
      FeatureSpec.of("callee:downstream", FeatureKind.QUANTITY));

  private static final double GC_PAUSE_MILLIS = 20;

  /**
   * Parameters, with utilisations given at {@code referenceRate}.
   *
   * @param referenceRate requests per second at which the utilisations below hold
   * @param baseMillis constant latency
   * @param cpuCores servers of the CPU pool
   * @param cpuRho CPU utilisation at the reference rate
   * @param dbConnections servers of the connection pool
   * @param dbRho pool utilisation at the reference rate
   * @param threads worker threads
   * @param threadsRho busy-thread fraction at the reference rate
   * @param heapBase heap occupancy at zero load
   * @param heapRho heap occupancy at the reference rate
   * @param gcAtReference GC time fraction at the reference rate
   * @param calleeMillis callee mean latency at zero load
   * @param calleeRho callee utilisation at the reference rate
   */
  public record Spec(double referenceRate, double baseMillis, int cpuCores, double cpuRho, int dbConnections,
      double dbRho, int threads, double threadsRho, double heapBase, double heapRho, double gcAtReference,
      double calleeMillis, double calleeRho) {}

  private final Spec spec;

  public SimulatedService(Spec spec) {
    this.spec = spec;
  }

  public Spec spec() {
    return spec;
  }

  /** Nominal utilisation of the pool {@code cpu}, {@code dbPool} or {@code threads} at {@code rate}. */
  public double rho(String pool, double rate) {
    return rho(pool, rate, Disturbance.NONE);
  }

  private double rho(String pool, double rate, Disturbance d) {
    double scale = rate / spec.referenceRate();
    switch (pool) {
      case "cpu":
        return spec.cpuRho() * scale + d.cpuBackground();
      case "dbPool":
        return spec.dbRho() * scale * d.dbSlowdown();
      case "threads":
        return spec.threadsRho() * scale * d.threadsSlowdown();
      default:
        throw new IllegalArgumentException("pool must be cpu, dbPool or threads, was " + pool);
    }
  }

  /** Heap occupancy at {@code rate}. */
  private double heap(double rate, Disturbance d) {
    return spec.heapBase() + (spec.heapRho() - spec.heapBase()) * rate / spec.referenceRate() + d.heapOffset();
  }

  /** GC time fraction at {@code rate}. */
  private double gcTime(double rate, Disturbance d) {
    double atRef = spec.referenceRate() / (1 - Math.min(heap(spec.referenceRate(), Disturbance.NONE), 0.97));
    double perRate = spec.gcAtReference() / atRef;
    return perRate * rate / (1 - Math.min(heap(rate, d), 0.97));
  }

  /** Mean callee latency in milliseconds at {@code rate}. */
  private double calleeMillis(double rate, Disturbance d) {
    double rho = spec.calleeRho() * rate / spec.referenceRate() * d.calleeSlowdown();
    return spec.calleeMillis() * d.calleeSlowdown() / (1 - Math.min(rho, 0.99));
  }

  /** Noise-free nominal contribution of {@code resource} (one of {@link #RESOURCES}) to latency quantile {@code q}. */
  public double contributionMillis(String resource, LatencyQuantile quantile, double rate) {
    return contributionMillis(resource, quantile, rate, Disturbance.NONE);
  }

  private double contributionMillis(String resource, LatencyQuantile quantile, double rate, Disturbance d) {
    double q = quantile == LatencyQuantile.P50 ? 0.5 : 0.99;
    switch (resource) {
      case "cpu":
        return pool(spec.cpuCores(), rho("cpu", rate, d), serviceMillis(spec.cpuCores(), spec.cpuRho()), q);
      case "dbPool":
        return pool(spec.dbConnections(), rho("dbPool", rate, d),
            serviceMillis(spec.dbConnections(), spec.dbRho()) * d.dbSlowdown(), q);
      case "threads":
        return pool(spec.threads(), rho("threads", rate, d),
            serviceMillis(spec.threads(), spec.threadsRho()) * d.threadsSlowdown(), q);
      case "gc":
        return (quantile == LatencyQuantile.P50 ? 2 : 20) * GC_PAUSE_MILLIS * gcTime(rate, d);
      case "callee:downstream":
        return Math.log(1 / (1 - q)) * calleeMillis(rate, d);
      default:
        throw new IllegalArgumentException("unknown resource " + resource);
    }
  }

  /** Noise-free nominal latency quantile at {@code rate}. */
  public double latencyMillis(LatencyQuantile quantile, double rate) {
    return latencyMillis(quantile, rate, Disturbance.NONE);
  }

  private double latencyMillis(LatencyQuantile quantile, double rate, Disturbance d) {
    double s = spec.baseMillis();
    for (String r : RESOURCES) {
      s += contributionMillis(r, quantile, rate, d);
    }
    return s;
  }

  /**
   * The resource whose nominal contribution to p99 grows most from {@code fromRate} to {@code toRate}: the true
   * bottleneck.
   */
  public String trueBottleneck(double fromRate, double toRate) {
    Map<String, Double> growth = new LinkedHashMap<>();
    for (String r : RESOURCES) {
      growth.put(r, contributionMillis(r, LatencyQuantile.P99, toRate)
          - contributionMillis(r, LatencyQuantile.P99, fromRate));
    }
    return growth.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** One noisy observation at {@code rate} without disturbances (resources driven by the rate alone). */
  public Observation observe(double rate, Random random) {
    return observe(rate, Disturbance.NONE, random);
  }

  /**
   * One noisy observation at {@code rate} under the disturbance {@code d}: the disturbed resource values drive the
   * latency, and are reported with measurement noise.
   */
  public Observation observe(double rate, Disturbance d, Random random) {
    double[] f = {
      util(rho("cpu", rate, d), random), util(rho("dbPool", rate, d), random),
      util(rho("threads", rate, d), random), util(heap(rate, d), random),
      gcTime(rate, d) * Math.exp(0.05 * random.nextGaussian()),
      calleeMillis(rate, d) * Math.exp(0.05 * random.nextGaussian())
    };
    double p50 = latencyMillis(LatencyQuantile.P50, rate, d) * Math.exp(0.05 * random.nextGaussian());
    double p99 = latencyMillis(LatencyQuantile.P99, rate, d) * Math.exp(0.05 * random.nextGaussian());
    return new Observation(f, p50, Math.max(p50, p99));
  }

  /** One noisy row: features, then p50 and p99 in milliseconds. */
  public record Observation(double[] features, double p50Millis, double p99Millis) {}

  private double serviceMillis(int servers, double rhoAtReference) {
    return rhoAtReference * servers * 1000.0 / spec.referenceRate();
  }

  private static double pool(int servers, double rho, double serviceMillis, double q) {
    double wait = Queueing.waitQuantile(servers, Math.min(rho, 0.995), serviceMillis, q);
    return serviceMillis * (q < 0.9 ? 1 : 2) + wait;
  }

  private static double util(double u, Random random) {
    return Math.min(1, Math.max(0, u + 0.01 * random.nextGaussian()));
  }
}
