/**
 * {@code GET /metrics}: the collector's own health in the Prometheus text exposition format, written by the
 * Prometheus Java client library ({@link dev.faultline.collector.metrics.CollectorMetrics}), and optionally the
 * series the agents send ({@link dev.faultline.collector.metrics.AgentSeriesCollector}).
 */
package dev.faultline.collector.metrics;
