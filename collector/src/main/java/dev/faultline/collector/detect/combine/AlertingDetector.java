package dev.faultline.collector.detect.combine;

import dev.faultline.collector.detect.Detector;
import java.util.Objects;

/**
 * A detector followed by an {@link AlertTracker}: {@link #update} returns the tracker's emitted score (the raw
 * score, suppressed while an alert is open), and {@link #state()} the alert state. This is the per-series pipeline
 * of the live collector and of the {@code detect} backtest. Gaps (non-finite values) and out-of-order points score
 * 0 and leave the alert state unchanged.
 *
 * <pre>{@code
 * AlertingDetector d = Detectors.forMetric("http.server.latency.p99");
 * double score = d.update(ts, value);
 * if (d.tracker().justOpened()) { ... }
 * }</pre>
 */
public final class AlertingDetector implements Detector {

  private final Detector scorer;
  private final AlertTracker tracker;
  private double lastRaw;
  private long lastTimestampMillis = Long.MIN_VALUE;

  public AlertingDetector(Detector scorer, AlertPolicy policy) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.tracker = new AlertTracker(policy);
  }

  @Override
  public double update(long timestampMillis, double value) {
    lastRaw = scorer.update(timestampMillis, value);
    if (!Double.isFinite(value) || timestampMillis < lastTimestampMillis) {
      return 0.0; // gap or out of order: the scorer ignored it; the alert state does not move either
    }
    lastTimestampMillis = timestampMillis;
    tracker.update(lastRaw);
    return tracker.emittedScore();
  }

  /** Score of the underlying detector for the last point, before suppression. */
  public double lastRawScore() {
    return lastRaw;
  }

  public AlertState state() {
    return tracker.state();
  }

  public AlertTracker tracker() {
    return tracker;
  }

  public Detector scorer() {
    return scorer;
  }
}
