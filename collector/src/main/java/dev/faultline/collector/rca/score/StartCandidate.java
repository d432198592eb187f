package dev.faultline.collector.rca.score;

/**
 * One possible incident start, with the evidence for it. The analyser ranks at each of a few candidates and fuses
 * the rankings by these weights, so that a wrong first choice of the start does not decide alone.
 *
 * @param startSeconds the candidate start, epoch seconds
 * @param weight the evidence for it, >= 0: the fleet step score at its step relative to the window's largest, times
 *     the square of its persistence ({@link EpisodePersistence}); comparable within one window only
 * @param stepSeconds the step that was detected, >= {@code startSeconds}: when the start was dated back from it to
 *     its episode's onset, the fault began somewhere between the two, and the analyser ranks across that span
 *     ({@code OnsetSpan}); equal to {@code startSeconds} otherwise
 */
public record StartCandidate(long startSeconds, double weight, long stepSeconds) {
  public StartCandidate {
    if (!(weight >= 0)) {
      throw new IllegalArgumentException("weight must be >= 0, was " + weight);
    }
    if (stepSeconds < startSeconds) {
      throw new IllegalArgumentException("the detected step " + stepSeconds + " is before the start " + startSeconds);
    }
  }

  /** A start known to the step: no span. */
  public StartCandidate(long startSeconds, double weight) {
    this(startSeconds, weight, startSeconds);
  }
}
