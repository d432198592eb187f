package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.live.LiveConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end load generator in this JVM and in a child JVM against a real collector on loopback: samples get
 * stored, the generator's CPU is reported, stop really stops, and the child is ended.
 */
@Timeout(120)
class StreamingAgentsTest {

  private static final int SERIES = 200;
  @TempDir Path dir;

  private Collector collector(String name) throws Exception {
    return Collector.start(CollectorSettings.builder(
            IngestBenchmark.unthrottledCollector(dir.resolve(name), SERIES).wal(false).build())
        .live(LiveConfig.defaults().withQueue(false, 1, 1)).build());
  }

  /** Streams to a fresh collector until it has stored a few batches; returns the agents' CPU meanwhile. */
  private static long streamAndStop(StreamingAgents agents, Collector collector) throws Exception {
    long cpuBefore = agents.cpuNanos();
    agents.connect(collector.ingestAddress());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (collector.store().samplesStored() < 20L * SERIES && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    agents.stop();
    long atStop = collector.store().samplesStored();
    long settled = settle(collector);
    // what was already on the wire is still stored, but no more than the agents' windows
    assertTrue(settled - atStop <= 2L * IngestBenchmark.agentWindow(new BatchFrameTemplate(SERIES, 42).frameBytes())
        * SERIES, atStop + " -> " + settled);
    assertTrue(settled >= 20L * SERIES, "stored " + settled);
    assertEquals(0, settled % SERIES, "whole batches");
    Thread.sleep(500);
    assertEquals(settled, collector.store().samplesStored(), "nothing is sent after stop");
    return agents.cpuNanos() - cpuBefore;
  }

  /** The stored count once it has not changed for 300 ms (batches in flight at stop drained). */
  private static long settle(Collector collector) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    long last = -1;
    long now = collector.store().samplesStored();
    while (now != last && System.nanoTime() < deadline) {
      last = now;
      Thread.sleep(300);
      now = collector.store().samplesStored();
    }
    return now;
  }

  @Test
  void agentsInThisJvmStreamReportTheirThreadsCpuAndStop() throws Exception {
    BatchFrameTemplate template = new BatchFrameTemplate(SERIES, 42);
    try (InProcessAgents agents = new InProcessAgents(2, SERIES, template)) {
      try (Collector c = collector("a")) {
        assertTrue(streamAndStop(agents, c) > 0, "their loop threads used CPU");
      }
      try (Collector c = collector("b")) { // reusable for the next phase's fresh collector
        streamAndStop(agents, c);
      }
    }
  }

  @Test
  void agentsInAChildJvmStreamReportItsCpuAndAreEndedByPid() throws Exception {
    long pid;
    try (AgentsProcess child = AgentsProcess.start(2, SERIES, null)) {
      pid = child.pid();
      try (Collector c = collector("a")) {
        assertTrue(streamAndStop(child, c) > 0, "the child used CPU");
      }
      try (Collector c = collector("b")) {
        streamAndStop(child, c);
      }
      assertTrue(child.where().contains("pid " + pid + ", unpinned"), child.where());
    }
    Thread.sleep(100);
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child ended");
  }

  @Test
  void aChildThatCannotConnectSaysWhy() throws Exception {
    try (AgentsProcess child = AgentsProcess.start(1, SERIES, null)) {
      IOException e = assertThrows(IOException.class,
          () -> child.connect(new java.net.InetSocketAddress("127.0.0.1", 1)));
      assertTrue(e.getMessage().contains("agents' process (pid " + child.pid() + ")"), e.getMessage());
    }
  }

  @Test
  void aPinnedChildRunsUnderTaskset() throws Exception {
    try (AgentsProcess child = AgentsProcess.start(1, SERIES, "0")) {
      try (Collector c = collector("p")) {
        streamAndStop(child, c);
      }
      assertTrue(child.where().endsWith("taskset -c 0)"), child.where());
    }
  }

  @Test
  void noRoundsIsABadArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new IngestBenchmark(2, 2, SERIES, new PrintWriter(new StringWriter()), List.of()).withRounds(0));
    assertEquals("--rounds must be >= 1, was 0", e.getMessage());
  }

  @Test
  @Timeout(240) // a whole (short) bench run: JIT warm-ups, 2 rounds of 3 phases, the WAL phase, the memory probe
  void theBenchPrintsEveryRoundBothWaysAndTheMedianRatios() throws Exception {
    StringWriter text = new StringWriter();
    IngestBenchmark.Result r = new IngestBenchmark(2, 1, SERIES, new PrintWriter(text), List.of())
        .withRounds(2).withAgentsProcess(null).run();
    String out = text.toString();
    assertTrue(out.contains("round 2 parse-only"), out);
    assertTrue(out.contains("agents in a child JVM (pid"), out);
    assertTrue(out.contains("median of 2 rounds (min-max)"), out);
    assertTrue(r.parseOnly().perSecond() > 0 && r.endToEnd().perSecond() > 0, out);
    assertTrue(r.ratioWall() > 0 && r.ratioPerCollectorCpu() > 0 && r.ratioWallAgentsProcess() > 0, out);
  }
}
