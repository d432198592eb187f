package dev.faultline.collector.perf;

/** How a resource feature relates to queueing, which decides the transforms the latency model applies to it. */
public enum FeatureKind {
  /**
   * A saturation fraction in [0, 1] (CPU utilisation, busy threads / pool size, busy connections / pool size, heap
   * used after GC / max heap). The model adds the queueing transform {@code 1/(1-u)} for it.
   */
  UTILISATION,
  /** Any other non-negative quantity (GC time fraction, callee latency in milliseconds); used linearly. */
  QUANTITY
}
