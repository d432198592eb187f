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
 * queueing term
 *
 * <pre>
 *   q(u) = u / (1 - u),   u clipped to [0, U_MAX], U_MAX = 0.98   (the M/M/1 mean number in system)
 * </pre>
 *
 * for each {@link FeatureKind#OCCUPANCY} its bounded {@link GcCost} term, and for each {@link FeatureKind#QUANTITY}
 * feature its value. Design decisions, measured on the simulated cases
 * (see BENCHMARKS.md):
 * <ul>
 *   <li>No separate linear term in {@code u}: utilisations are all nearly proportional to the rate, and a linear term
 *       for each made the split of an increase between resources arbitrary; {@code q(u) ~ u} at low load already
 *       carries the linear part.
 *   <li>No steeper terms such as {@code u^k/(1-u)}, k = 4 or 8 (Sakasegawa's M/M/c shape for unknown server
 *       counts): they fitted the training range equally well and overshot at 1.5x load (p99 MAPE 52% against 29%).
 *   <li>Every coefficient is {@link #nonNegative(int) constrained} to be {@code >= 0}: more load or more use of a
 *       resource never makes a service faster, and with collinear inputs the constraint is what keeps one resource's
 *       coefficient from going negative to cancel another's, which would turn extrapolation upside down.
 * </ul>
 * Thread-safe (immutable).
 */
public final class QueueingDesign {

  /** Utilisation at which the queueing terms are clipped. */
  public static final double U_MAX = 0.98;

  private final int rawLength;
  private final int[] source;
  private final FeatureKind[] kinds;

  /** A design for the given resource features (the raw input has {@code 1 + features.size()} entries). */
  public QueueingDesign(List<FeatureSpec> features) {
    this.rawLength = 1 + features.size();
    List<Integer> src = new ArrayList<>();
    src.add(0);
    for (int i = 0; i < features.size(); i++) {
      src.add(i + 1);
    }
    this.source = src.stream().mapToInt(Integer::intValue).toArray();
    this.kinds = new FeatureKind[source.length];
    kinds[0] = FeatureKind.QUANTITY;
    for (int i = 0; i < features.size(); i++) {
      kinds[i + 1] = features.get(i).kind();
    }
  }

  /** The queueing term {@code q(u)} above. */
  public static double queueingTerm(double u) {
    double clipped = Math.min(Math.max(u, 0.0), U_MAX);
    return clipped / (1.0 - clipped);
  }

  /** Number of design columns. */
  public int columns() {
    return source.length;
  }

  /** Index of the raw input that design column {@code j} is computed from. */
  public int sourceOf(int j) {
    return source[j];
  }

  /** Whether design column {@code j} must have a non-negative coefficient (all columns, see above). */
  public boolean nonNegative(int j) {
    return true;
  }

  /** The design row for the raw input {@code x}. */
  public double[] row(double[] x) {
    if (x.length != rawLength) {
      throw new IllegalArgumentException("x must have " + rawLength + " values, had " + x.length);
    }
    double[] z = new double[source.length];
    for (int j = 0; j < z.length; j++) {
      double v = x[source[j]];
      z[j] = switch (kinds[j]) {
        case UTILISATION -> queueingTerm(v);
        case OCCUPANCY -> GcCost.term(v);
        case QUANTITY -> v;
      };
    }
    return z;
  }
}
