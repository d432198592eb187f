package dev.faultline.collector.perf.sim;

/**
 * Load-independent movement of a simulated service's resources at one instant.
 *
 * @param cpuBackground CPU utilisation used by other work (added to the service's own)
 * @param dbSlowdown multiplier of the connection hold time (slow queries)
 * @param threadsSlowdown multiplier of the worker-thread hold time
 * @param heapOffset added to the heap occupancy (live-set drift)
 * @param calleeSlowdown multiplier of the callee's service time
 */
public record Disturbance(
    double cpuBackground, double dbSlowdown, double threadsSlowdown, double heapOffset, double calleeSlowdown) {

  /** No disturbance: resources follow the rate alone. */
  public static final Disturbance NONE = new Disturbance(0, 1, 1, 0, 1);
}
