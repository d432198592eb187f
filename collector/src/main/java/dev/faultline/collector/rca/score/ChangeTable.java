package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * The robust change of every node and edge series of one input, indexed for the rankers' neighbourhood look-ups.
 * Built once per analysis; immutable afterwards.
 */
final class ChangeTable {
  private final Map<String, Map<String, SeriesChange>> byNode = new TreeMap<>();
  private final Map<String, Map<String, Map<String, SeriesChange>>> byEdge = new TreeMap<>();

  ChangeTable(RcaInput in, RobustChangeScore scorer) {
    int idx = in.incidentIndex();
    int end = in.timestampsSeconds().length;
    in.series().forEach((k, v) -> byNode.computeIfAbsent(k.service(), s -> new TreeMap<>())
        .put(k.metric(), scorer.score(v, idx, end, k.kind(), samplingFloor(in, k, v, idx, end))));
    in.edgeSeries().forEach((k, v) -> byEdge.computeIfAbsent(k.caller(), s -> new TreeMap<>())
        .computeIfAbsent(k.callee(), s -> new TreeMap<>())
        .put(k.metric(), scorer.score(v, idx, end, MetricKind.of(k.metric()))));
  }

  /**
   * Sampling noise of a statistic computed from the node's requests, from n = requests per grid step (the smaller of
   * the baseline and post-incident median request rates, at least 1):
   * <ul>
   *   <li>an error ratio whose true value is p varies by sqrt(p(1-p)/n); p is the baseline ratio, at least one
   *       failure per step (1/n), at most 0.5;
   *   <li>a latency statistic varies by about level/sqrt(n) (latencies are skewed: their spread is of the order of
   *       their mean).
   * </ul>
   * So a ratio over three requests that flips to 1, or the latency of the one request in an hour, is weak evidence,
   * while a busy service is left to the kind's own floor. 0 (no extra floor) for other kinds and for nodes without
   * a request rate.
   */
  static double samplingFloor(RcaInput in, SeriesKey k, double[] v, int idx, int end) {
    boolean ratio = k.kind() == MetricKind.ERRORS && k.metric().endsWith("_ratio");
    if (!ratio && k.kind() != MetricKind.LATENCY) {
      return 0;
    }
    double[] rate = in.series().get(new SeriesKey(k.service(), "request_rate"));
    if (rate == null) {
      return 0;
    }
    double perSecond = Math.min(median(rate, 0, idx), median(rate, idx, end));
    if (Double.isNaN(perSecond)) {
      return 0;
    }
    double n = Math.max(1, perSecond * in.stepSeconds());
    double base = median(v, 0, idx);
    base = Double.isNaN(base) ? 0 : Math.abs(base);
    if (!ratio) {
      return base / Math.sqrt(n);
    }
    double p = Math.min(0.5, Math.max(base, 1 / n));
    return Math.sqrt(p * (1 - p) / n);
  }

  /** Median of the finite values in [from, to), NaN when there are none. */
  static double median(double[] v, int from, int to) {
    double[] f = java.util.Arrays.stream(v, Math.max(0, from), Math.min(to, v.length))
        .filter(Double::isFinite).sorted().toArray();
    return f.length == 0 ? Double.NaN : RobustChangeScore.quantile(f, 0.5);
  }

  Map<String, SeriesChange> node(String node) {
    return byNode.getOrDefault(node, Map.of());
  }

  Iterable<String> nodesWithSeries() {
    return byNode.keySet();
  }

  Map<String, SeriesChange> edge(String caller, String callee) {
    return byEdge.getOrDefault(caller, Map.of()).getOrDefault(callee, Map.of());
  }

  /** Largest rise (in the metric's unit) among {@code node}'s series of the given kind whose name ends with suffix;
   * falls back to any series of that kind when none matches the suffix. */
  double riseDelta(Map<String, SeriesChange> series, MetricKind kind, String suffix) {
    double matched = Double.NaN;
    double any = 0;
    for (Map.Entry<String, SeriesChange> e : series.entrySet()) {
      if (MetricKind.of(e.getKey()) != kind) {
        continue;
      }
      double d = Math.max(0, e.getValue().signedDelta());
      any = Math.max(any, d);
      if (suffix != null && e.getKey().endsWith(suffix)) {
        matched = Double.isNaN(matched) ? d : Math.max(matched, d);
      }
    }
    return Double.isNaN(matched) ? any : matched;
  }

  /** Largest strength among all series of a node, undiscounted. */
  double rawAnomaly(String node) {
    double m = 0;
    for (SeriesChange c : node(node).values()) {
      m = Math.max(m, c.strength());
    }
    return m;
  }
}
