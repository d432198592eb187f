package dev.faultline.collector.live.rca;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.RootCauseAnalysis;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.rca.Evidence;
import dev.faultline.collector.rca.RankedCause;
import dev.faultline.collector.rca.Ranking;
import dev.faultline.collector.rca.RcaAnalyzer;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.faulttree.FaultTree;
import dev.faultline.collector.rca.faulttree.FaultTreeEvaluator;
import dev.faultline.collector.rca.faulttree.FaultTreeResult;
import dev.faultline.collector.rca.score.IncidentStartDetector;
import dev.faultline.collector.rca.score.Rankers;
import dev.faultline.collector.rca.score.StartCandidate;
import dev.faultline.collector.store.SeriesStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Root-cause analysis of one live incident with the very analyser of the offline {@code rca} command (the
 * {@code evidence} ranker, the step-change start detector, the fault-tree evaluator) over the incident's history
 * ({@link IncidentHistory}). Stateless between calls; run on the RCA thread only.
 *
 * <p>The fault's start: the candidate starts the analyser's start detector finds in the series that alerted (the
 * incident's timeline; the first {@link #ONSET_SERIES}) over the last {@link #ONSET_POINTS} grid points (the
 * detector's cost grows with the points and linearly with the series, so it is not run over the whole
 * neighbourhood; the detected step first, then later weaker but persistent ones), kept when they lie between
 * {@link #LEAD_STEPS} steps (at least two minutes) before the incident opened and one step after its last anomaly (an
 * incident that grows with a new burst is analysed for that burst); the ranking is made at each kept candidate and
 * fused by their weights, as offline. When none is kept (an earlier episode in the baseline, or too few points after
 * the opening yet): two steps before the opening, since an alert opens a few points after the change it reports.
 */
public final class LiveRootCause {

  static final int LEAD_STEPS = 10;
  /** Grid points the start detector sees (its cost grows with the square of the points). */
  static final int ONSET_POINTS = 150;
  /** Series the start detector sees, the first to alert (its cost grows linearly with them). */
  static final int ONSET_SERIES = 50;
  static final int CUT_SETS = 5;

  private final java.util.function.Function<Incident, SeriesStore> history;
  private final EdgeTable edges;
  private final RcaConfig config;
  private final LongSupplier wallClock;
  // The same construction as RcaCommand's default: one analyser, live and offline. The start is detected first, by
  // the same detector, on the incident's own alerting series over its last points (see IncidentHistory.onsetWindow),
  // then handed to the analyser as known.
  private final IncidentStartDetector startDetector = IncidentStartDetector.stepChange();
  private final RcaAnalyzer analyzer = new RcaAnalyzer(Rankers.create("evidence"), startDetector);

  public LiveRootCause(SeriesStore store, EdgeTable edges, RcaConfig config, LongSupplier wallClock) {
    this(incident -> store, edges, config, wallClock);
  }

  /** @param history the store holding each incident's history (the scale-out global step fetches it remotely) */
  public LiveRootCause(java.util.function.Function<Incident, SeriesStore> history, EdgeTable edges, RcaConfig config,
      LongSupplier wallClock) {
    this.history = history;
    this.edges = edges;
    this.config = config;
    this.wallClock = wallClock;
  }

  public RootCauseAnalysis analyze(Incident incident) {
    Map<SeriesKey, String> seriesIds = new HashMap<>();
    RcaInput input = IncidentHistory.build(incident, history.apply(incident), edges.edges(), config, seriesIds);
    if (input == null) {
      return new RootCauseAnalysis(RootCauseAnalysis.NO_DATA, wallClock.getAsLong(), 0, null, List.of(), List.of(),
          "too little stored history of " + String.join(", ", incident.services()) + " to compare with");
    }
    long opened = incident.openedAtMillis() / 1000;
    long step = input.stepSeconds();
    long lastActivity = Math.max(opened, incident.lastActivityMillis() / 1000);
    List<StartCandidate> candidates = new ArrayList<>();
    for (StartCandidate c : startDetector.candidates(
        IncidentHistory.onsetWindow(input, incident, ONSET_POINTS, ONSET_SERIES))) {
      if (c.startSeconds() >= opened - Math.max(120, LEAD_STEPS * step) && c.startSeconds() <= lastActivity + step) {
        candidates.add(c);
      }
    }
    if (candidates.isEmpty()) {
      candidates.add(new StartCandidate(opened - 2 * step, 1));
    }
    Ranking ranking = analyzer.analyzeAt(input, candidates);
    long start = ranking.incidentStartSeconds();
    List<RootCauseAnalysis.Cause> causes = new ArrayList<>();
    for (RankedCause c : ranking.causes()) {
      if (causes.size() == RootCauseAnalysis.MAX_CAUSES || !(c.score() > 0)) {
        break;
      }
      causes.add(cause(c, seriesIds));
    }
    List<RootCauseAnalysis.FaultTreeMatch> trees = new ArrayList<>();
    for (FaultTree t : config.faultTrees()) {
      FaultTreeResult r = FaultTreeEvaluator.evaluate(t, input.withIncidentStart(start));
      if (r.matched()) {
        trees.add(match(r));
      }
    }
    return new RootCauseAnalysis(RootCauseAnalysis.RANKED, wallClock.getAsLong(), 0, start * 1000, causes, trees,
        causes.isEmpty() ? "no service changed against its baseline" : "");
  }

  private static RootCauseAnalysis.Cause cause(RankedCause c, Map<SeriesKey, String> seriesIds) {
    List<RootCauseAnalysis.EvidenceItem> evidence = new ArrayList<>();
    for (Evidence e : c.evidence()) {
      evidence.add(new RootCauseAnalysis.EvidenceItem(e.subject(), e.kind(),
          seriesIds.get(new SeriesKey(c.service(), e.subject())), round(e.score()), round(e.change()),
          millis(e.onsetSeconds())));
    }
    return new RootCauseAnalysis.Cause(c.service(), round(c.score()), c.metric(), c.path(), millis(c.onsetSeconds()),
        c.explanation(), evidence);
  }

  private static RootCauseAnalysis.FaultTreeMatch match(FaultTreeResult r) {
    List<RootCauseAnalysis.CutSet> sets = new ArrayList<>();
    for (FaultTreeResult.CutSet c : r.cutSets().subList(0, Math.min(CUT_SETS, r.cutSets().size()))) {
      sets.add(new RootCauseAnalysis.CutSet(List.copyOf(c.events()), c.priorProbability(), round(c.posterior()),
          c.complete()));
    }
    return new RootCauseAnalysis.FaultTreeMatch(r.tree(), r.topOccurred(), r.observed(), sets);
  }

  private static Long millis(Long seconds) {
    return seconds == null ? null : seconds * 1000;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0;
  }
}
