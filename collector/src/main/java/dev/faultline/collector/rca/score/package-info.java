/** Scoring: robust per-series change scores, the rankers behind {@link dev.faultline.collector.rca.RootCauseRanker},
 * and incident-start detection. */
package dev.faultline.collector.rca.score;
