/**
 * Regression models of latency on load and resource features: a ridge model on queueing-shaped features
 * ({@link dev.faultline.collector.perf.model.QueueingDesign}), gradient-boosted regression trees, their sum (trees on
 * the ridge residuals), per-feature load responses, and selection by held-out error on the highest-load rows.
 * All classes are pure and deterministic given their inputs and seeds.
 */
package dev.faultline.collector.perf.model;
