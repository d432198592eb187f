package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CallerSideDelayTest {
  static final int PRE = 60;
  static final int POST = 15;
  private final Random random = new Random(7);

  /** Server-side latency of the callee: level with multiplicative noise, plus {@code rise} from the incident on. */
  private double[] served(double level, double rise, double noise) {
    double[] v = new double[PRE + POST];
    for (int i = 0; i < v.length; i++) {
      v[i] = (level + (i >= PRE ? rise : 0)) * Math.exp(noise * random.nextGaussian());
    }
    return v;
  }

  /** The caller's view of the same calls: the served latency plus the network, each sampled with a little noise. */
  private double[] client(double[] served, double network, double added, double noise) {
    double[] v = new double[served.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (served[i] + network + (i >= PRE ? added : 0)) * Math.exp(noise * random.nextGaussian());
    }
    return v;
  }

  @Test
  void delayOnlyTheCallerSeesIsFound() {
    double[] server = served(0.2, 0, 0.05);
    double[] client = client(server, 0.0005, 0.01, 0.01);
    CallerSideDelay.Delay d = CallerSideDelay.measure(new ClientLatencyGap("a", "b", "latency_p50_seconds", client, server), PRE, PRE + POST);
    assertNotNull(d);
    assertEquals("b", d.callee());
    assertTrue(d.z() >= 2, "z " + d.z());
    assertTrue(d.onsetIndex() >= PRE, "onset " + d.onsetIndex());
  }

  @Test
  void aCalleeThatIsSlowItselfIsNotANetworkDelay() {
    double[] server = served(0.05, 0.15, 0.05);
    double[] client = client(server, 0.0005, 0, 0.01);
    assertNull(CallerSideDelay.measure(new ClientLatencyGap("a", "b", "latency_p50_seconds", client, server), PRE, PRE + POST));
  }

  @Test
  void independentSamplingNoiseThatGrowsWithASlowCalleeIsNotADelay() {
    // both sides sampled independently (5 % each): when the callee's latency grows 4x because ITS callee is slow,
    // the gap's point-to-point noise grows 4x too, but its median stays where the network puts it
    int misses = 0;
    for (int run = 0; run < 20; run++) {
      double[] base = served(0.05, 0.15, 0);
      double[] server = new double[base.length];
      double[] client = new double[base.length];
      for (int i = 0; i < base.length; i++) {
        server[i] = base[i] * Math.exp(0.05 * random.nextGaussian());
        client[i] = (base[i] + 0.0005) * Math.exp(0.05 * random.nextGaussian());
      }
      if (CallerSideDelay.measure(new ClientLatencyGap("a", "b", "latency_p50_seconds", client, server), PRE, PRE + POST) != null) {
        misses++;
      }
    }
    assertTrue(misses <= 1, misses + " of 20 slow callees taken for a network delay");
  }

  @Test
  void noChangeIsNoDelay() {
    double[] server = served(0.03, 0, 0.05);
    double[] client = client(server, 0.0005, 0, 0.01);
    assertNull(CallerSideDelay.measure(new ClientLatencyGap("a", "b", "latency_p50_seconds", client, server), PRE, PRE + POST));
  }
}
