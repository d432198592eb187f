package dev.faultline.collector.rca.sim;

import java.util.Locale;

/** Faults the simulator injects; {@link #label()} is the name written to truth.json. */
public enum FaultType {
  /** CPU saturation at the root: CPU up, its own latency up (queueing). */
  CPU_HOG,
  /** Slow memory ramp; past 85% GC pressure adds CPU, latency and some errors. */
  MEMORY_LEAK,
  /** Disk writes up 15x, its latency up 2.5x. */
  DISK_IO,
  /** 150 ms added to the root's own processing (visible in its server latency). */
  LATENCY,
  /** 150 ms on the network into the root: only callers' client latency shows it, not its server latency. */
  NETWORK_DELAY,
  /** Retries on calls into the root: request rate up, caller tail latency (p99) up, a few caller errors. */
  PACKET_LOSS,
  /** 20% of the root's requests fail, with no latency or CPU signature. */
  ERRORS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
