package dev.faultline.collector.rca.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.SeriesKey;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  @Test
  void sameSeedSameCase() {
    SimTopology t = SimTopology.of("sock-shop");
    SimCase a = Simulator.generate(t, FaultType.MEMORY_LEAK, "carts", 5);
    SimCase b = Simulator.generate(t, FaultType.MEMORY_LEAK, "carts", 5);
    SeriesKey k = new SeriesKey("carts", "memory_usage_ratio");
    assertArrayEquals(a.series().get(k), b.series().get(k));
  }

  @Test
  void memoryLeakRampsAndNetworkDelayShowsOnlyAtTheCaller() {
    SimTopology t = SimTopology.of("sock-shop");
    SimCase leak = Simulator.generate(t, FaultType.MEMORY_LEAK, "carts", 5);
    double[] mem = leak.series().get(new SeriesKey("carts", "memory_usage_ratio"));
    assertTrue(mem[mem.length - 1] > mem[Simulator.PRE - 1] + 0.3);
    SimCase delay = Simulator.generate(t, FaultType.NETWORK_DELAY, "carts", 5);
    double[] server = delay.series().get(new SeriesKey("carts", "latency_p50_seconds"));
    double[] caller = delay.series().get(new SeriesKey("front-end", "latency_p50_seconds"));
    assertTrue(server[Simulator.PRE + 2] < 0.1, "callee server latency unchanged");
    assertTrue(caller[Simulator.PRE + 2] > caller[Simulator.PRE - 1] + 0.1, "caller sees the delay");
  }

  @Test
  void shapesHaveTheirSizes() {
    assertEquals(11, SimTopology.of("online-boutique").services().size());
    assertEquals(13, SimTopology.of("sock-shop").services().size());
    assertTrue(SimTopology.of("train-ticket").services().size() >= 40);
    assertThrows(IllegalArgumentException.class, () -> SimTopology.of("nope"));
    assertThrows(IllegalArgumentException.class,
        () -> Simulator.generate(SimTopology.of("sock-shop"), FaultType.ERRORS, "nope", 1));
  }
}
