/**
 * Per-entity detection over several series at once (latency quantiles, error ratio, request rate, CPU, GC time of
 * one service instance or host), as feature vectors: immutable, seeded models ({@link
 * dev.faultline.collector.detect.cluster.KMeansModel}, {@link dev.faultline.collector.detect.cluster.IsolationForest})
 * built by {@link dev.faultline.collector.detect.cluster.ModelTrainer}s from a snapshot of a bounded window, and
 * swapped in atomically by a {@link dev.faultline.collector.detect.cluster.BackgroundRetrainer} that runs training on
 * an executor, never on the ingest thread.
 */
package dev.faultline.collector.detect.cluster;
