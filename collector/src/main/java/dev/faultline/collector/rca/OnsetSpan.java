package dev.faultline.collector.rca;

import dev.faultline.collector.rca.score.StartCandidate;
import java.util.ArrayList;
import java.util.List;

/**
 * Where to rank for one candidate start whose onset was dated back from a detected step a point or two later: the
 * fault began somewhere between the two, and neither end is surer than the other (the onset's first weak points may
 * be a precursor or load, the step the fault itself). The candidate's weight is shared evenly among the grid points of the span,
 * at most {@value #MAX_POINTS} of them (the onset, the middle, the step) so that the cost stays bounded; its total is
 * unchanged, so a long span does not outweigh a short one. Pure and deterministic.
 */
final class OnsetSpan {
  static final int MAX_POINTS = 3;

  private OnsetSpan() {}

  /** One start to rank at and its share of the candidate's weight. */
  record Point(long startSeconds, double weight) {}

  /**
   * @param c the candidate
   * @param ts the analysed grid, ascending
   * @return the candidate's start alone (its whole weight) when it has no span or the span holds one grid point; else
   *     up to {@value #MAX_POINTS} grid points in [start, step], onset first, each with an equal share
   */
  static List<Point> of(StartCandidate c, long[] ts) {
    List<Long> inSpan = new ArrayList<>();
    for (long t : ts) {
      if (t >= c.startSeconds() && t <= c.stepSeconds()) {
        inSpan.add(t);
      }
    }
    if (c.stepSeconds() == c.startSeconds() || inSpan.size() < 2) {
      return List.of(new Point(c.startSeconds(), c.weight()));
    }
    List<Long> picked = inSpan.size() <= MAX_POINTS
        ? inSpan
        : List.of(inSpan.get(0), inSpan.get((inSpan.size() - 1) / 2), inSpan.get(inSpan.size() - 1));
    List<Point> out = new ArrayList<>();
    for (long t : picked) {
      out.add(new Point(t, c.weight() / picked.size()));
    }
    return out;
  }
}
