package dev.faultline.collector.incident;

import java.util.List;
import java.util.Map;

/**
 * The latest root-cause analysis of one incident, as kept with it (durably, inside the incident's JSON) and served
 * by the query API. Immutable; every run replaces the previous one. Times are epoch milliseconds of the data.
 *
 * @param status {@link #RANKED} when causes were ranked, {@link #NO_DATA} when the store held no usable history
 *     for the incident's services, {@link #FAILED} when the analysis threw (see {@code note})
 * @param analyzedAtMillis wall-clock time the run finished
 * @param runs how many times this incident was analysed so far
 * @param incidentStartMillis the fault's start the ranking used (detected, or the incident's opening)
 * @param ranking candidates, best first (at most {@link #MAX_CAUSES})
 * @param faultTrees configured fault trees that match this incident, with their most probable cut sets
 * @param note why there is no ranking, or empty
 */
public record RootCauseAnalysis(String status, long analyzedAtMillis, int runs, Long incidentStartMillis,
    List<Cause> ranking, List<FaultTreeMatch> faultTrees, String note) {

  public static final String RANKED = "ranked";
  public static final String NO_DATA = "no_data";
  public static final String FAILED = "failed";

  /** Causes kept per incident: enough to see the runner-ups without bloating the stored incident. */
  public static final int MAX_CAUSES = 10;

  public RootCauseAnalysis {
    ranking = ranking == null ? List.of() : List.copyOf(ranking);
    faultTrees = faultTrees == null ? List.of() : List.copyOf(faultTrees);
    note = note == null ? "" : note;
  }

  /** The best-ranked cause, or null. */
  public Cause top() {
    return ranking.isEmpty() ? null : ranking.get(0);
  }

  /** The same analysis counted as run number {@code n}. */
  public RootCauseAnalysis withRuns(int n) {
    return new RootCauseAnalysis(status, analyzedAtMillis, n, incidentStartMillis, ranking, faultTrees, note);
  }

  /**
   * One candidate root cause.
   *
   * @param service the candidate
   * @param score higher = more likely; comparable within one ranking only
   * @param metric what carries the strongest evidence, or null
   * @param path propagation path, root cause first: {@code [payments, checkout, frontend]}
   * @param onsetMillis earliest onset of its evidence, or null
   * @param explanation one sentence a human can check
   * @param evidence the top evidence, strongest first
   */
  public record Cause(String service, double score, String metric, List<String> path, Long onsetMillis,
      String explanation, List<EvidenceItem> evidence) {
    public Cause {
      path = path == null ? List.of() : List.copyOf(path);
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
  }

  /**
   * One piece of evidence.
   *
   * @param subject the metric (or edge, host metric) that changed
   * @param kind evidence family: resource, own-latency, errors, traffic, host, ...
   * @param series the stored series key to chart, or null when the evidence is not one series
   * @param score contribution to the candidate's score
   * @param change robust change against the pre-incident baseline, in baseline spreads
   * @param onsetMillis first instant the change shows, or null
   */
  public record EvidenceItem(String subject, String kind, String series, double score, double change,
      Long onsetMillis) {}

  /**
   * A configured fault tree that matched (at least one of its basic events was observed).
   *
   * @param tree tree name
   * @param topEventOccurred the tree's top event holds given the observed basic events
   * @param observed basic event id to the series that showed it
   * @param cutSets minimal cut sets, most probable given the observations first
   */
  public record FaultTreeMatch(String tree, boolean topEventOccurred, Map<String, String> observed,
      List<CutSet> cutSets) {
    public FaultTreeMatch {
      observed = observed == null ? Map.of() : Map.copyOf(observed);
      cutSets = cutSets == null ? List.of() : List.copyOf(cutSets);
    }
  }

  /**
   * @param events basic event ids
   * @param posterior probability given the observations, normalised over the tree's cut sets
   * @param complete every event of the set was observed
   */
  public record CutSet(List<String> events, double priorProbability, double posterior, boolean complete) {
    public CutSet {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }
}
