package dev.faultline.collector.perf.model;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a raw input (request rate, then resource features) to the columns of a linear model that can represent
 * queueing behaviour: latency flat at low utilisation, then rising sharply towards saturation.
 *
 * <p>Columns, in order: the request rate {@code r}; for each {@link FeatureKind#UTILISATION} feature {@code u} the
 * value {@code u} and the queueing term
 *
 * <pre>
 *   q(u) = 1 / (1 - min(u, U_MAX)) - 1,   U_MAX = 0.98   (so q(0) = 0 and q is at most 49)
 * </pre>
 *
 * which is the M/M/1 response-time inflation (and, up to the waiting probability, the M/M/c one); for each {@link
 * FeatureKind#QUANTITY} feature its value. The queueing terms are flagged {@link #nonNegative(int)} so the ridge fit
 * keeps their coefficients {@code >= 0}: a resource nearing saturation never makes a service faster, and a negative
 * coefficient would turn extrapolation upside down. Utilisations below 0 are treated as 0. Thread-safe (immutable).
 */
public final class QueueingDesign {

  /** Utilisation at which the queueing term is clipped. */
  public static final double U_MAX = 0.98;

  private final int rawLength;
  private final int[] source;
  private final boolean[] queueing;

  /** A design for the given resource features (the raw input has {@code 1 + features.size()} entries). */
  public QueueingDesign(List<FeatureSpec> features) {
    this.rawLength = 1 + features.size();
    List<Integer> src = new ArrayList<>();
    List<Boolean> q = new ArrayList<>();
    src.add(0);
    q.add(false);
    for (int i = 0; i < features.size(); i++) {
      src.add(i + 1);
      q.add(false);
      if (features.get(i).kind() == FeatureKind.UTILISATION) {
        src.add(i + 1);
        q.add(true);
      }
    }
    this.source = src.stream().mapToInt(Integer::intValue).toArray();
    this.queueing = new boolean[q.size()];
    for (int j = 0; j < queueing.length; j++) {
      queueing[j] = q.get(j);
    }
  }

  /** The queueing term {@code q(u)} above. */
  public static double queueingTerm(double u) {
    double clipped = Math.min(Math.max(u, 0.0), U_MAX);
    return 1.0 / (1.0 - clipped) - 1.0;
  }

  /** Number of design columns. */
  public int columns() {
    return source.length;
  }

  /** Index of the raw input that design column {@code j} is computed from. */
  public int sourceOf(int j) {
    return source[j];
  }

  /** Whether design column {@code j} must have a non-negative coefficient (the queueing terms). */
  public boolean nonNegative(int j) {
    return queueing[j];
  }

  /** The design row for the raw input {@code x}. */
  public double[] row(double[] x) {
    if (x.length != rawLength) {
      throw new IllegalArgumentException("x must have " + rawLength + " values, had " + x.length);
    }
    double[] z = new double[source.length];
    for (int j = 0; j < z.length; j++) {
      double v = x[source[j]];
      z[j] = queueing[j] ? queueingTerm(v) : v;
    }
    return z;
  }
}
