package dev.faultline.collector.detect.combine;

import java.util.Objects;

/**
 * Turns a stream of scores of one series into an alert state with hysteresis, and an emitted score.
 *
 * <p>State machine ({@link AlertPolicy} names): OK goes to PENDING on a score {@code >= raise}; PENDING goes to
 * FIRING after {@code raiseAfter} consecutive such scores, back to OK on any lower score. FIRING goes to RESOLVING on
 * a score {@code < clear}, back to FIRING on a score {@code >= clear}; RESOLVING closes (OK) after {@code clearAfter}
 * consecutive scores {@code < clear}, but never before the alert has been open {@code minOpenPoints} points. Scores
 * between {@code clear} and {@code raise} never change the state: a series hovering around one threshold cannot
 * flap.
 *
 * <p>Emitted score: the input score while no alert is open and on the point that opens it; {@code score *
 * suppressedWeight} while it is open. Downstream consumers that threshold the emitted score (NAB's scorer, a
 * dashboard) therefore see one detection per incident rather than one per point. NaN scores count as 0.
 *
 * <pre>{@code
 * AlertTracker tracker = new AlertTracker(AlertPolicy.DEFAULT);
 * AlertState state = tracker.update(detector.update(ts, value));
 * if (state == AlertState.FIRING && tracker.justOpened()) { openIncident(); }
 * }</pre>
 *
 * <p>O(1), no allocation. Not thread-safe.
 */
public final class AlertTracker {

  private final AlertPolicy policy;
  private AlertState state = AlertState.OK;
  private int run;
  private long openFor;
  private boolean justOpened;
  private double emitted;
  private final double peakDecay;
  private double peak;

  public AlertTracker(AlertPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.peakDecay = policy.peakHalfLifePoints() == 0 ? 0.0 : Math.pow(0.5, 1.0 / policy.peakHalfLifePoints());
  }

  /** Feeds the next score (in [0, 1]; NaN counts as 0) and returns the new state. */
  public AlertState update(double score) {
    double s = score >= 0 ? score : 0.0;
    justOpened = false;
    switch (state) {
      case OK, PENDING -> {
        if (s >= policy.raise()) {
          run = state == AlertState.PENDING ? run + 1 : 1;
          if (run >= policy.raiseAfter()) {
            state = AlertState.FIRING;
            justOpened = true;
            openFor = 0;
            run = 0;
          } else {
            state = AlertState.PENDING;
          }
        } else {
          state = AlertState.OK;
          run = 0;
        }
      }
      case FIRING, RESOLVING -> {
        openFor++;
        if (s < policy.clear()) {
          run = state == AlertState.RESOLVING ? run + 1 : 1;
          state = run >= policy.clearAfter() && openFor >= policy.minOpenPoints()
              ? AlertState.OK : AlertState.RESOLVING;
          if (state == AlertState.OK) {
            run = 0;
          }
        } else {
          state = AlertState.FIRING;
          run = 0;
        }
      }
      default -> throw new AssertionError(state);
    }
    peak *= peakDecay;
    boolean suppressed = state.isOpen() && !justOpened || s <= peak;
    emitted = suppressed ? s * policy.suppressedWeight() : s;
    if (s > peak) {
      peak = s;
    }
    return state;
  }

  public AlertState state() {
    return state;
  }

  /** True if the last {@link #update} opened an alert. */
  public boolean justOpened() {
    return justOpened;
  }

  /** The score emitted for the last update (see class Javadoc). */
  public double emittedScore() {
    return emitted;
  }

  public AlertPolicy policy() {
    return policy;
  }
}
