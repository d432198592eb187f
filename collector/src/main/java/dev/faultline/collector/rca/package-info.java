/**
 * Root-cause analysis: the contracts ({@link dev.faultline.collector.rca.RootCauseRanker}, its input
 * {@link dev.faultline.collector.rca.RcaInput} and output {@link dev.faultline.collector.rca.Ranking}), with one
 * sibling package per family: {@code graph} (immutable topology snapshot, personalised PageRank), {@code score}
 * (robust change scores, rankers, incident start), {@code faulttree}, {@code scenario} (offline scenario folders),
 * {@code sim} (fault-injection simulator) and {@code cli} (the {@code rca} and {@code simulate} commands).
 */
package dev.faultline.collector.rca;
