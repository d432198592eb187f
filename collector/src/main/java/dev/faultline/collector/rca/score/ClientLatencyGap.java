package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.EdgeSeriesKey;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A call edge's caller-side latency beside the callee-side latency of the same quantile: the edge's own
 * server-side series when reported, else the callee's service series. Their difference is the part of a call's
 * latency spent outside the callee's server (network, queueing, retries).
 *
 * @param quantile the server metric paired (e.g. {@code latency_p50_seconds})
 */
record ClientLatencyGap(String caller, String callee, String quantile, double[] client, double[] server) {
  private static final String CLIENT_PREFIX = "client_";

  /** Every edge whose client latency has a server-side counterpart, in the input's edge-series order. */
  static List<ClientLatencyGap> of(RcaInput in) {
    List<ClientLatencyGap> out = new ArrayList<>();
    for (Map.Entry<EdgeSeriesKey, double[]> e : in.edgeSeries().entrySet()) {
      EdgeSeriesKey k = e.getKey();
      if (!k.metric().startsWith(CLIENT_PREFIX + "latency_")) {
        continue;
      }
      String quantile = k.metric().substring(CLIENT_PREFIX.length());
      double[] server = in.edgeSeries().get(new EdgeSeriesKey(k.caller(), k.callee(), quantile));
      if (server == null) {
        server = in.series().get(new SeriesKey(k.callee(), quantile));
      }
      if (server != null) {
        out.add(new ClientLatencyGap(k.caller(), k.callee(), quantile, e.getValue(), server));
      }
    }
    return out;
  }

  /** Client minus server latency per point, over the length both series cover. */
  double[] gap() {
    double[] gap = new double[Math.min(client.length, server.length)];
    for (int i = 0; i < gap.length; i++) {
      gap[i] = client[i] - server[i];
    }
    return gap;
  }
}
