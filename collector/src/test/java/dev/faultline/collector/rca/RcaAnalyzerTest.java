package dev.faultline.collector.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.rca.graph.TopologySnapshot;
import dev.faultline.collector.rca.score.IncidentStartDetector;
import dev.faultline.collector.rca.score.StartCandidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RcaAnalyzerTest {
  private static final RcaInput INPUT = new RcaInput(new long[] {100, 200, 300, 400}, 100, Map.of(), Map.of(),
      TopologySnapshot.builder().call("a", "b").build(), 400, null);

  /** A stand-in ranker: before 300 "a" leads, from 300 on "b" leads. */
  private static final RootCauseRanker BY_START = in -> {
    boolean late = in.incidentStartSeconds() >= 300;
    return new Ranking(in.incidentStartSeconds(), List.of(
        new RankedCause(late ? "b" : "a", 1, null, List.of(), null, List.of(), "at " + in.incidentStartSeconds()),
        new RankedCause(late ? "a" : "b", 0.5, null, List.of(), null, List.of(), "at " + in.incidentStartSeconds())));
  };

  private final RcaAnalyzer analyzer = new RcaAnalyzer(BY_START, IncidentStartDetector.stepChange());

  @Test
  void aKnownStartIsRankedAloneAsBefore() {
    Ranking r = analyzer.analyze(INPUT, 200L);
    assertEquals(200L, r.incidentStartSeconds());
    assertEquals("a", r.causes().get(0).service());
    assertEquals("at 200", r.causes().get(0).explanation());
  }

  @Test
  void aHeavierLaterCandidateOutweighsTheFirstChoiceAndGivesTheStart() {
    Ranking r = analyzer.analyzeAt(INPUT, List.of(new StartCandidate(200, 0.1), new StartCandidate(300, 0.4)));
    assertEquals(300L, r.incidentStartSeconds());
    assertEquals(List.of("b", "a"), r.causes().stream().map(RankedCause::service).toList());
    assertEquals(0.1 * 0.5 + 0.4 * 1, r.causes().get(0).score(), 1e-12);
  }

  @Test
  void aLighterCandidateDoesNotOverturnTheFirstChoice() {
    Ranking r = analyzer.analyzeAt(INPUT, List.of(new StartCandidate(200, 0.4), new StartCandidate(300, 0.1)));
    assertEquals(200L, r.incidentStartSeconds());
    assertEquals("a", r.causes().get(0).service());
  }

  @Test
  void anOnsetDatedBackFromALaterStepIsRankedAcrossTheSpanWithItsWeightShared() {
    // The onset (200) ranks "a" first, the detected step (400) and the point between rank "b" first: across the span
    // "b" leads; the reported start stays the onset.
    Ranking r = analyzer.analyzeAt(INPUT, List.of(new StartCandidate(200, 0.3, 400)));
    assertEquals(200L, r.incidentStartSeconds());
    assertEquals(List.of("b", "a"), r.causes().stream().map(RankedCause::service).toList());
    assertEquals(0.1 * 0.5 + 0.1 + 0.1, r.causes().get(0).score(), 1e-12);
    Ranking alone = analyzer.analyzeAt(INPUT, List.of(new StartCandidate(200, 0.3)));
    assertEquals("a", alone.causes().get(0).service(), "without a span the onset is ranked alone");
  }
}
