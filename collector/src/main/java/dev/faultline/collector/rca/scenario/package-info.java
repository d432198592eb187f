/** Offline scenario folders (scenario.json, metrics.csv, edges.csv, edge_metrics.csv, events.csv): reading them into
 * {@link dev.faultline.collector.rca.RcaInput}s and writing them (for the simulator). */
package dev.faultline.collector.rca.scenario;
