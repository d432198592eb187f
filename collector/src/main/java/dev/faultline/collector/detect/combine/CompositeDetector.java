package dev.faultline.collector.detect.combine;

import dev.faultline.collector.detect.Detector;
import java.util.List;
import java.util.Objects;

/**
 * Runs several detectors on the same series and combines their scores by weighted maximum, {@code s = max_i(w_i *
 * s_i)}, or weighted minimum, {@code s = min_i(w_i * s_i)} ({@link Mode}), with weights in (0, 1] so the result
 * stays in [0, 1].
 *
 * <p>The maximum (rather than a mean) keeps each member's meaning: a level shift seen by CUSUM only is not diluted
 * by detectors that do not see it; weights down-rank noisier members. The minimum asks all members to agree: the
 * default set uses it so that a point must be unusual both against the recent level and for its time of day. Every member sees every point (all stay
 * causal and warm up in parallel). Inherits the members' contract; not thread-safe.
 */
public final class CompositeDetector implements Detector {

  private final Detector[] members;
  private final double[] weights;
  private final double[] last;

  /** How member scores are combined. */
  public enum Mode {
    /** Weighted maximum: any member can raise the score (sensitive; for "any of these symptoms"). */
    MAX,
    /** Weighted minimum: all members must agree (specific; e.g. "unusual now AND unusual for this hour"). */
    MIN
  }

  private final Mode mode;

  public CompositeDetector(List<? extends Detector> members, double[] weights) {
    this(members, weights, Mode.MAX);
  }

  public CompositeDetector(List<? extends Detector> members, double[] weights, Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(members, "members");
    Objects.requireNonNull(weights, "weights");
    if (members.isEmpty() || members.size() != weights.length) {
      throw new IllegalArgumentException(
          "members must be non-empty and match weights, were " + members.size() + " and " + weights.length);
    }
    for (double w : weights) {
      if (!(w > 0 && w <= 1)) {
        throw new IllegalArgumentException("weights must be in (0, 1], was " + w);
      }
    }
    this.members = members.toArray(new Detector[0]);
    this.weights = weights.clone();
    this.last = new double[this.members.length];
  }

  @Override
  public double update(long timestampMillis, double value) {
    boolean max = mode == Mode.MAX;
    double best = max ? 0.0 : 1.0;
    for (int i = 0; i < members.length; i++) {
      double s = members[i].update(timestampMillis, value);
      last[i] = s;
      double w = weights[i] * s;
      if (max ? w > best : w < best) {
        best = w;
      }
    }
    return best;
  }

  /** The score of member {@code i} for the last point (attribution for RCA and debugging). */
  public double lastMemberScore(int i) {
    return last[i];
  }

  public int memberCount() {
    return members.length;
  }
}
