package dev.faultline.collector.rca;

import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a ranker sees for one incident: series on a common time grid, the topology snapshot, the incident
 * window and optional log evidence. Immutable (arrays are copied in and must not be changed by rankers).
 *
 * <p>Pre-incident = grid points with {@code timestamp < incidentStartSeconds}; post = the rest. NaN = missing.
 *
 * @param timestampsSeconds the grid, strictly increasing epoch seconds
 * @param stepSeconds grid step, positive
 * @param series node series, each {@code timestampsSeconds.length} long
 * @param edgeSeries per-edge series, same length; may be empty
 * @param topology call graph and placement; nodes that appear only in series are fine
 * @param incidentStartSeconds the first post-incident instant
 * @param events error-log template / exception counts; may be empty
 */
public record RcaInput(
    long[] timestampsSeconds,
    long stepSeconds,
    Map<SeriesKey, double[]> series,
    Map<EdgeSeriesKey, double[]> edgeSeries,
    TopologySnapshot topology,
    long incidentStartSeconds,
    List<LogEvent> events) {

  public RcaInput {
    Objects.requireNonNull(timestampsSeconds, "timestampsSeconds");
    Objects.requireNonNull(topology, "topology");
    if (stepSeconds <= 0) {
      throw new IllegalArgumentException("stepSeconds must be positive, was " + stepSeconds);
    }
    for (int i = 1; i < timestampsSeconds.length; i++) {
      if (timestampsSeconds[i] <= timestampsSeconds[i - 1]) {
        throw new IllegalArgumentException("timestampsSeconds must be strictly increasing at index " + i);
      }
    }
    int n = timestampsSeconds.length;
    series = checked(series, n, "series");
    edgeSeries = checked(edgeSeries, n, "edgeSeries");
    events = List.copyOf(events == null ? List.of() : events);
  }

  private static <K> Map<K, double[]> checked(Map<K, double[]> m, int n, String name) {
    Map<K, double[]> out = new TreeMap<>();
    if (m != null) {
      m.forEach((k, v) -> {
        if (v.length != n) {
          throw new IllegalArgumentException(name + " " + k + " has " + v.length + " points for a grid of " + n);
        }
        out.put(k, v);
      });
    }
    return Collections.unmodifiableMap(out);
  }

  /** Index of the first post-incident grid point ({@code length} when the incident starts after the grid). */
  public int incidentIndex() {
    int i = 0;
    while (i < timestampsSeconds.length && timestampsSeconds[i] < incidentStartSeconds) {
      i++;
    }
    return i;
  }

  /** Same input with another incident start. */
  public RcaInput withIncidentStart(long startSeconds) {
    return new RcaInput(timestampsSeconds, stepSeconds, series, edgeSeries, topology, startSeconds, events);
  }
}
