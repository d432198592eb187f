package dev.faultline.collector.rca;

import dev.faultline.collector.rca.score.IncidentStartDetector;
import dev.faultline.collector.rca.score.StartCandidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point the live collector and the offline {@code rca} command share: find the incident start when it is
 * not known, then rank. A detected start comes with a few candidates ({@link IncidentStartDetector#candidates}):
 * the ranking is made at each (across the span between an episode's onset and its detected step, {@link OnsetSpan})
 * and fused by their weights ({@link StartFusion}), so that a wrong first choice of the start does not decide alone.
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
    if (knownStartSeconds != null) {
      return new Ranking(knownStartSeconds, ranker.rank(input.withIncidentStart(knownStartSeconds)).causes());
    }
    List<StartCandidate> candidates = startDetector.candidates(input);
    if (candidates.isEmpty()) {
      Ranking r = ranker.rank(input.withIncidentStart(fallbackStart(input.timestampsSeconds())));
      return new Ranking(null, r.causes());
    }
    return analyzeAt(input, candidates);
  }

  /**
   * Ranks at each candidate start and fuses the rankings by the candidates' weights. A candidate dated back from a
   * later detected step is ranked across that span, its weight shared among the points ({@link OnsetSpan}).
   *
   * @param candidates at least one, the first choice first; the ranking reports the start of the heaviest (the
   *     first among equals)
   */
  public Ranking analyzeAt(RcaInput input, List<StartCandidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidate start");
    }
    List<StartFusion.Weighted> rankings = new ArrayList<>();
    Map<Long, Ranking> rankedAt = new HashMap<>();
    for (StartCandidate c : candidates) {
      for (OnsetSpan.Point p : OnsetSpan.of(c, input.timestampsSeconds())) {
        Ranking r = rankedAt.computeIfAbsent(p.startSeconds(), t -> ranker.rank(input.withIncidentStart(t)));
        rankings.add(new StartFusion.Weighted(p.startSeconds(), p.weight(), r));
      }
    }
    StartCandidate heaviest = candidates.get(0);
    for (StartCandidate c : candidates) {
      heaviest = c.weight() > heaviest.weight() ? c : heaviest;
    }
    return new Ranking(heaviest.startSeconds(), StartFusion.fuse(rankings));
  }

  private static long fallbackStart(long[] ts) {
    if (ts.length == 0) {
      return 0;
    }
    return ts[Math.max(1, ts.length - Math.max(1, ts.length / 6))  - (ts.length == 1 ? 1 : 0)];
  }
}
