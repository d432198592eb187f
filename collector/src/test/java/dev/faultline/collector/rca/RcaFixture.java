package dev.faultline.collector.rca;

import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Shared test fixture: seeded, slightly noisy flat series on a one-minute grid of {@link #PRE} baseline and
 * {@link #POST} incident points, with an optional level shift from {@code PRE + lag}.
 */
public final class RcaFixture {
  public static final int PRE = 30;
  public static final int POST = 6;

  public final Map<SeriesKey, double[]> series = new TreeMap<>();
  public final List<LogEvent> events = new ArrayList<>();
  /** Per-edge series (caller's client side, callee's server side), empty unless a test adds some. */
  public final Map<EdgeSeriesKey, double[]> edges = new TreeMap<>();
  private final Random random = new Random(1);

  public RcaFixture flat(String node, String metric, double level) {
    return shifted(node, metric, level, 0, 0);
  }

  public RcaFixture shifted(String node, String metric, double level, double delta, int lag) {
    double[] v = new double[PRE + POST];
    for (int i = 0; i < v.length; i++) {
      v[i] = level * (1 + 0.02 * random.nextGaussian()) + (i >= PRE + lag ? delta : 0);
    }
    series.put(new SeriesKey(node, metric), v);
    return this;
  }

  /** An edge series: {@code level} with 2 % noise, plus {@code delta} from the incident on. */
  public RcaFixture edge(String caller, String callee, String metric, double level, double delta) {
    double[] v = new double[PRE + POST];
    for (int i = 0; i < v.length; i++) {
      v[i] = level * (1 + 0.02 * random.nextGaussian()) + (i >= PRE ? delta : 0);
    }
    edges.put(new EdgeSeriesKey(caller, callee, metric), v);
    return this;
  }

  public RcaInput input(TopologySnapshot g) {
    long[] ts = new long[PRE + POST];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 1000 + 60L * i;
    }
    return new RcaInput(ts, 60, series, edges, g, ts[PRE], events);
  }
}
