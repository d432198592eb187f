/**
 * Regression models of latency on load and resource features: an explicit queueing model (M/M/c waiting terms with
 * fitted servers and service times, {@link dev.faultline.collector.perf.model.QueueingModel}), a ridge model on
 * queueing-shaped features ({@link dev.faultline.collector.perf.model.QueueingDesign}), gradient-boosted regression
 * trees, trees on either model's residuals, per-feature load responses, and selection by held-out error on the
 * highest-load rows.
 * All classes are pure and deterministic given their inputs and seeds.
 */
package dev.faultline.collector.perf.model;
