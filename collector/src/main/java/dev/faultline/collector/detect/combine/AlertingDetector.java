package dev.faultline.collector.detect.combine;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.FlatDetector;
import dev.faultline.collector.detect.OwnStateDetector;
import java.util.Objects;

/**
 * A detector followed by an {@link AlertTracker}: {@link #update} returns the tracker's emitted score (the raw
 * score, suppressed while an alert is open), and {@link #state()} the alert state. This is the per-series pipeline
 * of the live collector and of the {@code detect} backtest. Gaps (non-finite values) and out-of-order points score
 * 0 and leave the alert state unchanged. The live collector shares one instance per rule and keeps a state per
 * series ({@link FlatDetector}); {@code detect} uses the {@code Detector} view, with a state of its own.
 *
 * <pre>{@code
 * AlertingDetector d = Detectors.forMetric("http.server.latency.p99");
 * double score = d.update(ts, value);
 * if (d.tracker().justOpened()) { ... }
 * }</pre>
 */
public final class AlertingDetector extends OwnStateDetector {

  /** State slots: last raw score, last timestamp, the tracker's slice, then the scorer's. */
  private static final int LAST_RAW = 0;
  private static final int LAST_TIMESTAMP = 1;
  private static final int TRACKER = 2;
  private static final int SCORER = TRACKER + AlertTracker.DOUBLES;

  private final Detector scorer;
  private final FlatDetector flatScorer;
  private final AlertTracker tracker;
  private AlertTracker ownTracker;

  public AlertingDetector(Detector scorer, AlertPolicy policy) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.flatScorer = FlatDetector.of(scorer);
    this.tracker = new AlertTracker(policy);
  }

  @Override
  public int doubles() {
    return SCORER + flatScorer.doubles();
  }

  @Override
  public int bytes() {
    return flatScorer.bytes();
  }

  @Override
  public void init(double[] state, int at) {
    state[at + LAST_TIMESTAMP] = Long.MIN_VALUE;
    flatScorer.init(state, at + SCORER);
  }

  @Override
  public double update(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis, double value) {
    double raw = flatScorer.update(s, at + SCORER, bytes, byteAt, timestampMillis, value);
    s[at + LAST_RAW] = raw;
    if (!Double.isFinite(value) || timestampMillis < s[at + LAST_TIMESTAMP]) {
      return 0.0; // gap or out of order: the scorer ignored it; the alert state does not move either
    }
    s[at + LAST_TIMESTAMP] = timestampMillis;
    tracker.update(s, at + TRACKER, raw);
    return tracker.emittedScore(s, at + TRACKER);
  }

  @Override
  public double touch(double[] s, int at, long timestampMillis) {
    return flatScorer.touch(s, at + SCORER, timestampMillis);
  }

  /** Score of the underlying detector for the last point of the series at {@code at}, before suppression. */
  public double lastRawScore(double[] s, int at) {
    return s[at + LAST_RAW];
  }

  /** True if the last point of the series at {@code at} opened an alert. */
  public boolean justOpened(double[] s, int at) {
    return tracker.justOpened(s, at + TRACKER);
  }

  /** Alert state of the series at {@code at}. */
  public AlertState state(double[] s, int at) {
    return tracker.state(s, at + TRACKER);
  }

  /** As {@link #lastRawScore(double[], int)}, for the {@code Detector} view's own state. */
  public double lastRawScore() {
    return lastRawScore(ownState(), 0);
  }

  public AlertState state() {
    return state(ownState(), 0);
  }

  /** The alert tracker of the {@code Detector} view's own state. */
  public AlertTracker tracker() {
    if (ownTracker == null) {
      ownTracker = tracker.viewOf(ownState(), TRACKER);
    }
    return ownTracker;
  }

  public Detector scorer() {
    return scorer;
  }
}
