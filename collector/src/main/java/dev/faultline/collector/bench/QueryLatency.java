package dev.faultline.collector.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Query latency of the load test, in microseconds, per route and in total: recorded from any thread, read as
 * intervals (the last 5 s of the progress lines) that also add up to totals.
 */
final class QueryLatency {

  private final Map<String, Recorder> recorders = new LinkedHashMap<>();
  private final Map<String, Histogram> totals = new LinkedHashMap<>();
  private final Histogram total = new Histogram(3);

  QueryLatency(List<String> routes) {
    for (String route : routes) {
      recorders.put(route, new Recorder(3));
      totals.put(route, new Histogram(3));
    }
  }

  /** Records one answer of {@code route} (one of the routes given at construction). */
  void record(String route, long micros) {
    recorders.get(route).recordValue(Math.max(1, micros));
  }

  /** All routes since the previous call; also added to the totals. */
  synchronized Histogram interval() {
    Histogram merged = new Histogram(3);
    recorders.forEach((route, recorder) -> {
      Histogram h = recorder.getIntervalHistogram();
      totals.get(route).add(h);
      merged.add(h);
    });
    total.add(merged);
    return merged;
  }

  /** Every route, everything recorded up to the last {@link #interval()}. */
  synchronized Histogram total() {
    return total.copy();
  }

  /** Per route, everything recorded up to the last {@link #interval()}. */
  synchronized Map<String, Histogram> totalsByRoute() {
    Map<String, Histogram> copy = new LinkedHashMap<>();
    totals.forEach((route, h) -> copy.put(route, h.copy()));
    return copy;
  }
}
