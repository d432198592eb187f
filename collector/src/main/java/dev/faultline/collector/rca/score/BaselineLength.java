package dev.faultline.collector.rca.score;

/**
 * The first split at which {@link StepChangeStart} may date a step: one with at least {@value #SHARE} of the
 * window's points before it, and never fewer than {@link StepChangeStart#PRE}. A level from two or three points has
 * no measured spread (two close points give a scale near the kind's floor, even widened for the small sample), so
 * the first splits of a window "step" on ordinary noise or on a brief fleet-wide wobble, and a fault that shows no
 * step of its own was dated to the window's edge. The least baseline scales with the window, so a short window
 * (five points, the fault at the third) keeps its only splits while a long one needs a baseline worth the name.
 * Pure and deterministic.
 */
final class BaselineLength {
  /** Least share of the window's points a split needs before it. */
  static final double SHARE = 0.1;

  private BaselineLength() {}

  /** @return the first split index of a window of n points */
  static int firstSplit(int n) {
    return Math.max(StepChangeStart.PRE, (int) Math.floor(SHARE * n));
  }
}
