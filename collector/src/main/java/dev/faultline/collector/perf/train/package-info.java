/**
 * The background trainer: one dedicated low-priority daemon thread that refreshes per-service models off the ingest
 * path, within a row budget, a time budget per model and a CPU duty cycle.
 */
package dev.faultline.collector.perf.train;
