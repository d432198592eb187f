package dev.faultline.collector.rca;

import dev.faultline.collector.rca.score.IncidentStartDetector;
import java.util.Objects;

/**
 * The entry point the live collector and the offline {@code rca} command share: find the incident start when it is
 * not known, then rank.
 *
 * <pre>{@code
 * RcaAnalyzer rca = new RcaAnalyzer(Rankers.create("evidence"), IncidentStartDetector.withRobustZ());
 * Ranking r = rca.analyze(input, knownStartSecondsOrNull);
 * }</pre>
 */
public final class RcaAnalyzer {
  private final RootCauseRanker ranker;
  private final IncidentStartDetector startDetector;

  public RcaAnalyzer(RootCauseRanker ranker, IncidentStartDetector startDetector) {
    this.ranker = Objects.requireNonNull(ranker, "ranker");
    this.startDetector = Objects.requireNonNull(startDetector, "startDetector");
  }

  /**
   * @param input series, topology, events; its own incident start is ignored
   * @param knownStartSeconds the fault's start when known, else null (it is detected)
   * @return the ranking; its incident start is null when none could be detected (then the last sixth of the grid
   *     is analysed as post-incident)
   */
  public Ranking analyze(RcaInput input, Long knownStartSeconds) {
    Long start = knownStartSeconds != null ? knownStartSeconds : startDetector.detect(input);
    long used = start != null ? start : fallbackStart(input.timestampsSeconds());
    Ranking r = ranker.rank(input.withIncidentStart(used));
    return new Ranking(start, r.causes());
  }

  private static long fallbackStart(long[] ts) {
    if (ts.length == 0) {
      return 0;
    }
    return ts[Math.max(1, ts.length - Math.max(1, ts.length / 6))  - (ts.length == 1 ? 1 : 0)];
  }
}
