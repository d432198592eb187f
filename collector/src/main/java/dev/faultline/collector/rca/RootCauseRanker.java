package dev.faultline.collector.rca;

/**
 * Ranks candidate root causes of one incident. Implementations are small, pure and deterministic: the same input
 * gives the same ranking; no clock, no unseeded randomness, no shared mutable state (so thread-safe).
 *
 * <pre>{@code
 * RootCauseRanker ranker = Rankers.create("evidence");
 * Ranking r = ranker.rank(input);
 * r.causes().get(0).service();
 * }</pre>
 */
public interface RootCauseRanker {
  /** @return every node that has series or appears in the topology, best first */
  Ranking rank(RcaInput input);
}
