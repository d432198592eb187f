package dev.faultline.collector.perf;

/** How a resource feature relates to queueing, which decides the transforms the latency model applies to it. */
public enum FeatureKind {
  /**
   * A saturation fraction in [0, 1] of a pool that requests queue for (CPU utilisation, busy threads / pool size, busy
   * connections / pool size). The models add a queueing transform for it ({@code u/(1-u)}, M/M/c waits).
   */
  UTILISATION,
  /**
   * A fill level in [0, 1] that drives the cost of something else but is not a queue itself: heap used / max heap
   * drives GC work. Nothing waits for the heap, and a heap near full is the normal top of a collector's sawtooth, so
   * the models give it a linear and a {@linkplain dev.faultline.collector.perf.model.GcCost bounded} term, never a
   * queueing one (BENCHMARKS.md, "Performance modelling: round 3").
   */
  OCCUPANCY,
  /** Any other non-negative quantity (GC time fraction, callee latency in milliseconds); used linearly. */
  QUANTITY;

  /** Whether the feature is a fraction in [0, 1] measured directly (its own utilisation for the headroom). */
  public boolean isFraction() {
    return this != QUANTITY;
  }
}
