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
 * <p>O(1), no allocation. State: {@link #DOUBLES} doubles, in a slice of the caller's array (the live pipeline) or
 * owned by this object (the no-argument methods). Not thread-safe.
 */
public final class AlertTracker {

  /** State slots: alert state (ordinal), run length, points open, opened-now flag, emitted score, recent peak. */
  private static final int STATE = 0;
  private static final int RUN = 1;
  private static final int OPEN_FOR = 2;
  private static final int JUST_OPENED = 3;
  private static final int EMITTED = 4;
  private static final int PEAK = 5;
  /** Doubles of state per series. */
  public static final int DOUBLES = 6;
  private static final AlertState[] STATES = AlertState.values();

  private final AlertPolicy policy;
  private final double peakDecay;
  /** The state the no-argument methods use: this object's own, or a slice of an {@link AlertingDetector}'s. */
  private final double[] own;
  private final int ownAt;

  /** A tracker with a state of its own, for the no-argument methods. */
  public AlertTracker(AlertPolicy policy) {
    this(policy, new double[DOUBLES], 0);
  }

  private AlertTracker(AlertPolicy policy, double[] own, int ownAt) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.peakDecay = policy.peakHalfLifePoints() == 0 ? 0.0 : Math.pow(0.5, 1.0 / policy.peakHalfLifePoints());
    this.own = own;
    this.ownAt = ownAt;
  }

  /** The same policy, with its no-argument methods reading and writing the slice of {@code state} at {@code at}. */
  AlertTracker viewOf(double[] state, int at) {
    return new AlertTracker(policy, state, at);
  }

  /** Feeds the next score (in [0, 1]; NaN counts as 0) and returns the new state. */
  public AlertState update(double score) {
    return update(own, ownAt, score);
  }

  public AlertState state() {
    return state(own, ownAt);
  }

  /** True if the last {@link #update} opened an alert. */
  public boolean justOpened() {
    return justOpened(own, ownAt);
  }

  /** The score emitted for the last update (see class Javadoc). */
  public double emittedScore() {
    return emittedScore(own, ownAt);
  }

  /** As {@link #update(double)}, on the series state at {@code at}. */
  public AlertState update(double[] st, int at, double score) {
    double s = score >= 0 ? score : 0.0;
    AlertState state = STATES[(int) st[at + STATE]];
    int run = (int) st[at + RUN];
    boolean justOpened = false;
    switch (state) {
      case OK, PENDING -> {
        if (s >= policy.raise()) {
          run = state == AlertState.PENDING ? run + 1 : 1;
          if (run >= policy.raiseAfter()) {
            state = AlertState.FIRING;
            justOpened = true;
            st[at + OPEN_FOR] = 0;
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
        double openFor = ++st[at + OPEN_FOR];
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
    st[at + STATE] = state.ordinal();
    st[at + RUN] = run;
    st[at + JUST_OPENED] = justOpened ? 1 : 0;
    double peak = st[at + PEAK] * peakDecay;
    boolean suppressed = state.isOpen() && !justOpened || s <= peak;
    st[at + EMITTED] = suppressed ? s * policy.suppressedWeight() : s;
    st[at + PEAK] = s > peak ? s : peak;
    return state;
  }

  public AlertState state(double[] st, int at) {
    return STATES[(int) st[at + STATE]];
  }

  public boolean justOpened(double[] st, int at) {
    return st[at + JUST_OPENED] != 0;
  }

  public double emittedScore(double[] st, int at) {
    return st[at + EMITTED];
  }

  public AlertPolicy policy() {
    return policy;
  }
}
