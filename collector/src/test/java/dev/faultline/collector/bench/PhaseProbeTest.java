package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseProbeTest {

  @Test
  void machineTicksSplitTheCpuLineIntoTotalBusyAndSteal() {
    String stat = "cpu  100 5 50 800 20 3 7 15 0 0\ncpu0 50 2 25 400 10 1 3 8 0 0\nintr 1 2 3\n";
    // total = 100+5+50+800+20+3+7+15 = 1000; idle = idle + iowait = 820; busy = 1000 - 820 - 15 = 165
    assertArrayEquals(new long[] {1000, 165, 15}, PhaseProbe.machineTicks(stat));
  }

  @Test
  void aKernelWithoutTheStealColumnCountsNoSteal() {
    assertArrayEquals(new long[] {950, 150, 0}, PhaseProbe.machineTicks("cpu 100 0 50 800\n"));
  }

  @Test
  void noCpuLineOrNoFileGivesNull() {
    assertNull(PhaseProbe.machineTicks("intr 1 2 3\n"));
    assertNull(PhaseProbe.machineTicks(null));
  }

  @Test
  void aBusyPhaseWithACollectionShowsItsCpuAndTheCollection() {
    PhaseProbe probe = PhaseProbe.start();
    long until = System.nanoTime() + 200_000_000L;
    double sink = 0;
    while (System.nanoTime() < until) {
      sink += Math.sqrt(sink + 1);
    }
    System.gc();
    PhaseProbe.Cost cost = probe.stop();
    assertTrue(sink > 0);
    assertTrue(cost.wallSeconds() >= 0.2, cost.summary());
    assertTrue(cost.processCpuSeconds() >= 0.05, "spinning 0.2 s used CPU even on a loaded machine: "
        + cost.summary());
    assertTrue(cost.gcCount() >= 1, cost.summary());
    assertTrue(cost.machineBusy() >= 0 && cost.machineBusy() <= 1 && cost.machineSteal() >= 0, cost.summary());
  }
}
