/**
 * Live analysis in the running collector: {@link dev.faultline.collector.live.DetectionSink} takes decoded batches
 * off ingest into bounded queues and runs one {@link dev.faultline.collector.detect.combine.AlertingDetector} per
 * series on worker threads; {@link dev.faultline.collector.live.LiveAnalysis} turns alert transitions into
 * anomalies, incidents (via {@link dev.faultline.collector.incident.IncidentGrouper}), topology and events.
 * Configured by the {@code detection:} section of the collector config ({@link
 * dev.faultline.collector.live.LiveConfig}).
 */
package dev.faultline.collector.live;
