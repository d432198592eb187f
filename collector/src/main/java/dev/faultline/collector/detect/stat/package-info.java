/**
 * Per-series statistical detectors: rolling z-score, robust (median/MAD) z-score, EWMA, seasonal profile and
 * CUSUM change point, plus their O(1) / O(log w) building blocks ({@link
 * dev.faultline.collector.detect.stat.SortedWindow}). All extend {@link dev.faultline.collector.detect.BaseDetector}
 * and turn their deviation statistic into a score with a {@link dev.faultline.collector.detect.ScoreMapping}.
 */
package dev.faultline.collector.detect.stat;
