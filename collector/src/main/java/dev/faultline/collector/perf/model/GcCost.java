package dev.faultline.collector.perf.model;

/**
 * The cost term of an {@link dev.faultline.collector.perf.FeatureKind#OCCUPANCY occupancy} (heap used / max heap):
 * how GC work grows as the heap fills, bounded.
 *
 * <pre>
 *   g(h) = v / (1 - v),   v = h clipped to [0, H_CAP]
 * </pre>
 *
 * Below the cap this is the collector's rule of thumb (a heap with a free share {@code 1 - h} fills, and is
 * collected, {@code 1/(1-h)} times as often); above it the term stays at its value at the cap. Why bounded: a heap is not
 * a queue, and the top of a collector's sawtooth sits near full every cycle, so an M/M/c wait or {@code u/(1-u)} at
 * {@code 0.98} turned a normal sawtooth into a steep predicted rise (on the demo fleet every service named {@code gc}
 * as its bottleneck at 1.5x load; BENCHMARKS.md, "Performance modelling: round 3"). Pure functions.
 */
public final class GcCost {

  /** Occupancy above which the term no longer grows. */
  public static final double H_CAP = 0.9;

  private GcCost() {}

  /** {@code g(h)} above. */
  public static double term(double h) {
    double v = Math.min(Math.max(h, 0), H_CAP);
    return v / (1 - v);
  }
}
