package dev.faultline.collector.detect.combine;

/** Alert state of one series, as kept by {@link AlertTracker}. */
public enum AlertState {
  /** Score below the raise threshold. */
  OK,
  /** Score at or above the raise threshold, not yet for {@code raiseAfter} consecutive points. */
  PENDING,
  /** Alerting. */
  FIRING,
  /** Was firing; score below the clear threshold, not yet for {@code clearAfter} consecutive points. */
  RESOLVING;

  /** True for {@link #FIRING} and {@link #RESOLVING}: an alert is open. */
  public boolean isOpen() {
    return this == FIRING || this == RESOLVING;
  }
}
