/**
 * The analyzer role of the scale-out mode and the steps after it: the Kafka Streams analyzer ({@link
 * dev.faultline.collector.cluster.analysis.AnalyzerTopology}), the global incident and root-cause step ({@link
 * dev.faultline.collector.cluster.analysis.IncidentCoordinator}), the view of the compacted topics every node
 * serves ({@link dev.faultline.collector.cluster.analysis.ClusterView}) and the routing of series queries ({@link
 * dev.faultline.collector.cluster.analysis.ClusterSeriesRoutes}). The detectors, grouper and root-cause analysis are
 * the single node's.
 */
package dev.faultline.collector.cluster.analysis;
