package dev.faultline.collector.rca.sim;

import dev.faultline.collector.rca.EdgeSeriesKey;
import dev.faultline.collector.rca.SeriesKey;
import java.util.Map;

/**
 * A generated case: series on the grid, edge series, the topology and the truth.
 *
 * @param name case name
 * @param dataset "sim-" + shape
 * @param topology the simulated application
 * @param root the injected service
 * @param fault the injected fault
 * @param incidentTime the fault's start, epoch seconds
 * @param stepSeconds grid step
 * @param timestamps grid
 * @param series node series
 * @param edgeSeries per-edge P50 latency at caller and callee
 */
public record SimCase(String name, String dataset, SimTopology topology, String root, FaultType fault,
    long incidentTime, long stepSeconds, long[] timestamps, Map<SeriesKey, double[]> series,
    Map<EdgeSeriesKey, double[]> edgeSeries) {}
