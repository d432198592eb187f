package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.faultline.collector.testing.ServiceFleet;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.PeerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeTableTest {

  private static EdgeStats report(EdgeSide side, long timestampMillis, long calls, long errors) {
    return EdgeStats.newBuilder().setCaller("frontend").setCallee("checkout").setCalleeKind(PeerKind.PEER_KIND_SERVICE)
        .setSide(side).setTimestampUnixMs(timestampMillis).setCalls(calls).setErrors(errors).build();
  }

  @Test
  void rateComesFromTwoReportsOfTheSameSideEvenWhenBothSidesReport() {
    EdgeTable table = new EdgeTable(60_000, 100);
    // each side reports 20 calls every 2 s, the callee 30 ms after the caller
    for (long t = 0; t <= 6_000; t += 2_000) {
      table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLER, t, 20, 1)), t);
      table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLEE, t + 30, 20, 0)), t + 30);
    }
    EdgeTable.Edge edge = table.edges().get(0);
    assertEquals(10.0, edge.callsPerSecond(), 1e-9, "20 calls per 2 s, not 20 calls per 30 ms");
    assertEquals(0.05, edge.errorRatio(), 1e-9, "the caller's view is kept");
  }

  @Test
  void replayedReportsCountAsReceivedAtTheirReportTimeButNeverMoveARestoredEdgeBack() {
    EdgeTable table = new EdgeTable(60_000, 100);
    // restored from a snapshot: last caller report at data time 10 s, received at 11 s
    table.restore(new EdgeTable.SavedEdge(new EdgeTable.Edge("frontend", "checkout", "service", 20, 1, 10.0, Double.NaN,
        10_000, 11_000), true));
    // replayed after it: one report the snapshot already held the effect of (data time 10 s), then a newer one
    table.replay(List.of(report(EdgeSide.EDGE_SIDE_CALLER, 10_000, 20, 1)));
    assertEquals(10.0, table.edges().get(0).callsPerSecond(), 1e-9, "the duplicate does not reset the rate");
    table.replay(List.of(report(EdgeSide.EDGE_SIDE_CALLER, 14_000, 40, 4)));
    // an edge seen only in the replayed log, long ago
    table.replay(List.of(EdgeStats.newBuilder().setCaller("checkout").setCallee("payments")
        .setCalleeKind(PeerKind.PEER_KIND_SERVICE).setTimestampUnixMs(1_000).setCalls(5).build()));
    EdgeTable.Edge edge = table.edges().get(0);
    assertEquals(14_000, edge.receivedMillis());
    assertEquals(10.0, edge.callsPerSecond(), 1e-9, "40 calls in the 4 s since the restored report");
    assertEquals(0.1, edge.errorRatio(), 1e-9);
    assertTrue(table.expire(61_500)); // checkout -> payments: reported at 1 s, older than the 60 s TTL
    assertEquals(1, table.edges().size());
    assertTrue(table.neighbours("checkout", "frontend"));
  }

  @Test
  void calleeSideAloneDescribesAnEdgeWhoseCallerIsNotInstrumented() {
    EdgeTable table = new EdgeTable(60_000, 100);
    table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLEE, 0, 10, 0)), 0);
    table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLEE, 1_000, 10, 2)), 1_000);
    EdgeTable.Edge edge = table.edges().get(0);
    assertEquals(10.0, edge.callsPerSecond(), 1e-9);
    assertEquals(0.2, edge.errorRatio(), 1e-9);
  }

  @Test
  void p99LatencyComesFromTheReportsHdrHistogram() {
    EdgeTable table = new EdgeTable(60_000, 100);
    table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLER, 0, 10, 0).toBuilder()
        .setLatency(ServiceFleet.latency(0.120)).build()), 0);
    assertEquals(0.120, table.edges().get(0).latencyP99Seconds(), 0.001);
  }

  @Test
  void anUndecodableOrAbsentHistogramLeavesTheLatencyUnknown() {
    EdgeTable table = new EdgeTable(60_000, 100);
    table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLER, 0, 10, 0).toBuilder()
        .setLatency(HistogramSample.newBuilder().setEncoding("hdr-v2").setEncoded(ByteString.copyFromUtf8("junk")))
        .build()), 0);
    assertTrue(Double.isNaN(table.edges().get(0).latencyP99Seconds()));
    table.record(List.of(EdgeStats.newBuilder().setCaller("a").setCallee("b").setCalls(1).build()), 0);
    assertTrue(table.edges().stream().allMatch(e -> Double.isNaN(e.latencyP99Seconds()) || e.caller().equals("x")));
  }

  @Test
  void edgesNotReportedWithinTheTtlDisappear() {
    EdgeTable table = new EdgeTable(10_000, 100);
    table.record(List.of(report(EdgeSide.EDGE_SIDE_CALLER, 0, 1, 0)), 0);
    assertTrue(table.neighbours("checkout", "frontend"));
    assertTrue(table.expire(20_000));
    assertTrue(table.edges().isEmpty());
  }
}
