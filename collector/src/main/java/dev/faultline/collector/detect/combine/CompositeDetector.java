package dev.faultline.collector.detect.combine;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.FlatDetector;
import dev.faultline.collector.detect.OwnStateDetector;
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
 * causal and warm up in parallel). Inherits the members' contract. State: one double per member (its last score),
 * then the members' slices.
 */
public final class CompositeDetector extends OwnStateDetector {

  private final FlatDetector[] members;
  private final double[] weights;
  /** Where each member's slice starts: after the last member scores (one double each), smallest slices first. */
  private final int[] memberAt;
  private final int[] memberByteAt;
  private final int doubles;
  private final int bytes;

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
    this.members = new FlatDetector[members.size()];
    this.weights = weights.clone();
    this.memberAt = new int[this.members.length];
    this.memberByteAt = new int[this.members.length];
    Integer[] bySize = new Integer[this.members.length];
    for (int i = 0; i < this.members.length; i++) {
      this.members[i] = FlatDetector.of(members.get(i));
      bySize[i] = i;
    }
    // smaller slices first: the members' scalars then sit next to each other, before any large table (the
    // seasonal profile), so that a point touches a few adjacent cache lines; the order of evaluation is unchanged
    java.util.Arrays.sort(bySize, java.util.Comparator.comparingInt(i -> this.members[i].doubles()));
    int d = this.members.length;
    int b = 0;
    for (int i : bySize) {
      memberAt[i] = d;
      memberByteAt[i] = b;
      d += this.members[i].doubles();
      b += this.members[i].bytes();
    }
    this.doubles = d;
    this.bytes = b;
  }

  @Override
  public int doubles() {
    return doubles;
  }

  @Override
  public int bytes() {
    return bytes;
  }

  @Override
  public void init(double[] state, int at) {
    for (int i = 0; i < members.length; i++) {
      members[i].init(state, at + memberAt[i]);
    }
  }

  @Override
  public double update(double[] state, int at, byte[] b, int byteAt, long timestampMillis, double value) {
    boolean max = mode == Mode.MAX;
    double best = max ? 0.0 : 1.0;
    for (int i = 0; i < members.length; i++) {
      double s = members[i].update(state, at + memberAt[i], b, byteAt + memberByteAt[i], timestampMillis, value);
      state[at + i] = s;
      double w = weights[i] * s;
      if (max ? w > best : w < best) {
        best = w;
      }
    }
    return best;
  }

  @Override
  public double touch(double[] state, int at, long timestampMillis) {
    double sum = 0.0;
    for (int i = 0; i < members.length; i++) {
      sum += members[i].touch(state, at + memberAt[i], timestampMillis);
    }
    return sum;
  }

  /** The score of member {@code i} for the last point of the {@code Detector} view (attribution, debugging). */
  public double lastMemberScore(int i) {
    return ownState()[i];
  }

  /** The score of member {@code i} for the last point of the series whose state starts at {@code at}. */
  public double lastMemberScore(double[] state, int at, int i) {
    return state[at + i];
  }

  public int memberCount() {
    return members.length;
  }
}
