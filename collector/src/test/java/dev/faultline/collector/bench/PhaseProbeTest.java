package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void threadStatLinesGiveNameAndCpuTicksEvenWithParenthesesInTheName() {
    String stat = "4242 (C2 CompilerThre) S 1 2 3 0 -1 4194624 10 0 0 0 170 30 0 0 20 0 1 0 5 0 0";
    assertEquals("C2 CompilerThre", PhaseProbe.threadName(stat));
    assertArrayEquals(new long[] {200}, PhaseProbe.taskTicks(stat));
    String odd = "7 (a) b (x)) R 1 2 3 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5 0 0";
    assertEquals("a) b (x)", PhaseProbe.threadName(odd));
    assertArrayEquals(new long[] {11}, PhaseProbe.taskTicks(odd));
    assertNull(PhaseProbe.taskTicks("7 (short) R 1 2"));
  }

  @Test
  void userAndSystemTicksComeApartFromTheSameLine() {
    String stat = "4242 (java) S 1 2 3 0 -1 4194624 10 0 0 0 170 30 0 0 20 0 1 0 5 0 0";
    assertArrayEquals(new long[] {170, 30}, PhaseProbe.userSystemTicks(stat));
    assertNull(PhaseProbe.userSystemTicks("7 (short) R 1 2"));
  }

  @Test
  void aPhaseThatWritesAFileAndSpinsIsSplitIntoUserAndSystemCpu() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PhaseProbe.processUserSystemTicks() != null, "needs /proc");
    PhaseProbe probe = PhaseProbe.start();
    long until = System.nanoTime() + 300_000_000L;
    double sink = 0;
    while (System.nanoTime() < until) {
      sink += Math.sqrt(sink + 1);
    }
    PhaseProbe.Cost cost = probe.stop();
    assertTrue(sink > 0);
    assertTrue(cost.userSeconds() >= 0.02, "spinning is user time: " + cost.summary());
    assertTrue(cost.systemSeconds() >= 0, cost.summary());
    assertTrue(cost.userSeconds() + cost.systemSeconds() <= cost.processCpuSeconds() + 0.05, cost.summary());
    assertTrue(cost.summary().contains("user"), cost.summary());
  }

  @Test
  void threadsAreGroupedIntoJitAndGcByName() {
    assertEquals(0, PhaseProbe.group("C1 CompilerThre"));
    assertEquals(0, PhaseProbe.group("C2 CompilerThre"));
    assertEquals(1, PhaseProbe.group("GC Thread#1"));
    assertEquals(1, PhaseProbe.group("G1 Conc#0"));
    assertEquals(1, PhaseProbe.group("VM Thread"));
    assertEquals(-1, PhaseProbe.group("faultline-inges"));
    assertEquals(-1, PhaseProbe.group(null));
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
    assertTrue(cost.gcCpuSeconds() >= 0 && cost.jitCpuSeconds() >= 0, cost.summary());
    assertTrue(cost.cpuSecondsWithoutJit() <= cost.processCpuSeconds() + 1e-9, cost.summary());
    assertTrue(cost.machineBusy() >= 0 && cost.machineBusy() <= 1 && cost.machineSteal() >= 0, cost.summary());
  }

  @Test
  void allocationCountsThisJvmsThreadsButNotTheBenchAgents() throws Exception {
    PhaseProbe probe = PhaseProbe.start();
    byte[][] here = new byte[64][];
    for (int i = 0; i < here.length; i++) {
      here[i] = new byte[64 * 1024]; // 4 MiB on this thread
    }
    Thread agent = new Thread(() -> {
      byte[][] there = new byte[256][];
      for (int i = 0; i < there.length; i++) {
        there[i] = new byte[64 * 1024]; // 16 MiB on a bench agent's thread
      }
      try {
        Thread.sleep(300); // still alive when the phase ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, PhaseProbe.AGENT_THREAD_PREFIX + "test");
    agent.start();
    Thread.sleep(100);
    PhaseProbe.Cost cost = probe.stop();
    agent.join();
    assertTrue(here[63].length > 0);
    assertTrue(cost.allocatedBytes() >= 4L << 20, "this thread's 4 MiB: " + cost.allocatedBytes());
    assertTrue(cost.allocatedBytes() < 12L << 20, "the agent thread's 16 MiB left out: " + cost.allocatedBytes());
  }
}
