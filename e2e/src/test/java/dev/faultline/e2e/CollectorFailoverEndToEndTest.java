package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Streams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors in their own JVMs and an application whose agent has both in its {@code collector} list. Collector
 * A is killed (kill -9 of its PID) mid-stream: the agent moves to B and hands it what A had not acknowledged. A
 * restarts from its data directory, then B is killed: the agent moves back to A. B restarts to be read. Every batch
 * the agent produced is in A's or B's store (each carries one {@code jvm_threads_live} point with its own
 * timestamp, see {@link Streams}), and neither store applied a batch twice although the agent came back to A with
 * sequence numbers A had never seen between the ones it holds.
 */
@Timeout(240)
class CollectorFailoverEndToEndTest {

  private static final String SERVICE = "failover";

  @TempDir Path dataA;
  @TempDir Path dataB;

  @Test
  void agentMovesToTheOtherCollectorAndBackAndEveryBatchIsStoredOnOne() throws Exception {
    int portA = Ports.free();
    int portB = Ports.free();
    String addressA = "127.0.0.1:" + portA;
    String addressB = "127.0.0.1:" + portB;
    List<AutoCloseable> open = new ArrayList<>();
    try {
      CollectorProcess a = started(open, CollectorProcess.start(portA, dataA));
      CollectorProcess b = started(open, CollectorProcess.start(portB, dataB));
      Jvm app = started(open, Streams.startApp(addressA + "," + addressB, SERVICE, "200ms", "1MiB", false));
      Ports.awaitReady(app);
      Streams.threadsSeries(a.query(), SERVICE, 10, Duration.ofSeconds(40));

      long killedA = System.nanoTime();
      a.kill();
      String toB = app.awaitLine(l -> l.contains("switched collector " + addressA + " -> " + addressB),
          Duration.ofSeconds(30));
      long toBMillis = (System.nanoTime() - killedA) / 1_000_000;
      Streams.threadsSeries(b.query(), SERVICE, 10, Duration.ofSeconds(40));

      a = started(open, CollectorProcess.start(portA, dataA));
      int onA = pointCount(a);
      Thread.sleep(1_000); // the agent stays with B while B serves it: A gets nothing new
      assertEquals(onA, pointCount(a), "the agent fails over, it does not fail back while B serves it");

      long killedB = System.nanoTime();
      b.kill();
      String toA = app.awaitLine(l -> l.contains("switched collector " + addressB + " -> " + addressA),
          Duration.ofSeconds(30));
      long toAMillis = (System.nanoTime() - killedB) / 1_000_000;
      Streams.threadsSeries(a.query(), SERVICE, onA + 10, Duration.ofSeconds(40));
      b = started(open, CollectorProcess.start(portB, dataB));

      app.close(); // graceful: the last batch is flushed to A
      long produced = awaitStableLastSequence(a);
      TreeSet<Long> union = new TreeSet<>();
      List<Long> onlyA = timestamps(a);
      List<Long> onlyB = timestamps(b);
      union.addAll(onlyA);
      union.addAll(onlyB);
      System.out.printf("failover: %s (%d ms after kill -9 of A); %s (%d ms after kill -9 of B); %d batches"
          + " produced, %d points on A, %d on B, %d distinct%n", toB, toBMillis, toA, toAMillis, produced,
          onlyA.size(), onlyB.size(), union.size());
      assertTrue(produced >= 30, "the agent kept reporting through both switches: " + produced);
      assertEquals(produced, union.size(), "every batch 1.." + produced + " is on A or B, none missing");
      assertIncreasing(onlyA, "A");
      assertIncreasing(onlyB, "B");
      Streams.assertNoDoubleApply(a);
      Streams.assertNoDoubleApply(b);
      assertEquals(0, a.agent(SERVICE + "-1").orElseThrow().get("dropped_batches").asLong());
      JsonNode switches = a.query().awaitSeries(
          "?service=" + SERVICE + "&metric=faultline_agent_collector_switches_total",
          s -> s.path("last_value").asLong() == 2, Duration.ofSeconds(10));
      assertEquals(2, switches.path("last_value").asLong(), switches.toString());
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static <T extends AutoCloseable> T started(List<AutoCloseable> open, T process) {
    open.add(process);
    return process;
  }

  private static int pointCount(CollectorProcess collector) throws Exception {
    return timestamps(collector).size();
  }

  private static List<Long> timestamps(CollectorProcess collector) throws Exception {
    String id = Streams.threadsSeries(collector.query(), SERVICE, 1, Duration.ofSeconds(20));
    List<Long> result = new ArrayList<>();
    collector.points(id).forEach(p -> result.add(p[0]));
    return result;
  }

  /** A's highest applied sequence once it stops changing (the agent has said goodbye). */
  private static long awaitStableLastSequence(CollectorProcess collector) throws Exception {
    long previous = -1;
    for (int i = 0; i < 50; i++) {
      long last = collector.agent(SERVICE + "-1").orElseThrow().get("last_sequence").asLong();
      if (last == previous) {
        return last;
      }
      previous = last;
      Thread.sleep(400);
    }
    throw new AssertionError("last_sequence still moving: " + previous);
  }

  private static void assertIncreasing(List<Long> timestamps, String collector) {
    for (int i = 1; i < timestamps.size(); i++) {
      assertTrue(timestamps.get(i) > timestamps.get(i - 1), collector + ": timestamps not increasing at " + i);
    }
  }
}
