package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.LogEvent;
import dev.faultline.collector.rca.RankedCause;
import dev.faultline.collector.rca.RcaFixture;
import dev.faultline.collector.rca.Ranking;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceRankerTest {
  static final int PRE = RcaFixture.PRE;
  static final int POST = RcaFixture.POST;

  private static Ranking rank(RcaInput in) {
    return new EvidenceRanker().rank(in);
  }

  @Test
  void chainLatencyIsTracedToTheDeepestService() {
    // a -> b -> c; c's own latency rises by 200 ms, which adds up the chain
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").call("b", "c").build();
    RcaFixture f = new RcaFixture()
        .shifted("a", "latency_p90_seconds", 0.05, 0.2, 0)
        .shifted("b", "latency_p90_seconds", 0.03, 0.2, 0)
        .shifted("c", "latency_p90_seconds", 0.01, 0.2, 0);
    Ranking r = rank(f.input(g));
    RankedCause top = r.causes().get(0);
    assertEquals("c", top.service());
    assertEquals(List.of("c", "b", "a"), top.path());
    assertEquals("latency_p90_seconds", top.metric());
    assertTrue(top.explanation().contains("c -> b -> a"), top.explanation());
  }

  @Test
  void fanInPointsAtTheSharedCallee() {
    TopologySnapshot g = TopologySnapshot.builder().call("web", "db").call("api", "db").call("jobs", "db").build();
    RcaFixture f = new RcaFixture()
        .shifted("web", "latency_p90_seconds", 0.05, 0.5, 0)
        .shifted("api", "latency_p90_seconds", 0.04, 0.5, 0)
        .shifted("jobs", "latency_p90_seconds", 0.06, 0.5, 0)
        .shifted("db", "latency_p90_seconds", 0.01, 0.5, 0);
    assertEquals("db", rank(f.input(g)).causes().get(0).service());
  }

  @Test
  void ownResourceBeatsPropagatedErrors() {
    // b's CPU saturates; its caller a sees errors that b's error ratio explains
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").build();
    RcaFixture f = new RcaFixture()
        .shifted("a", "error_ratio", 0.01, 0.1, 0)
        .shifted("b", "error_ratio", 0.01, 0.1, 0)
        .shifted("b", "cpu_usage_ratio", 0.3, 0.6, 0);
    assertEquals("b", rank(f.input(g)).causes().get(0).service());
  }

  @Test
  void earlierOnsetWinsAnEqualChange() {
    TopologySnapshot g = TopologySnapshot.builder().node("x").node("y").build();
    RcaFixture f = new RcaFixture()
        .shifted("x", "cpu_usage_ratio", 0.3, 0.3, 2)
        .shifted("y", "cpu_usage_ratio", 0.3, 0.3, 0);
    Ranking r = rank(f.input(g));
    assertEquals("y", r.causes().get(0).service());
    assertTrue(r.causes().get(0).onsetSeconds() < r.causes().get(1).onsetSeconds());
  }

  @Test
  void aDelayOnEveryRequestOfASlowServiceIsNotDilutedByItsWideTail() {
    // +150 ms on every request of a 0.3 s service: many spreads at p50, few at its wide p99; elsewhere a CPU rise
    // as large as the median's shift, but smaller than the family's mean would make the delay.
    TopologySnapshot g = TopologySnapshot.builder().node("slow").node("busy").build();
    RcaFixture f = new RcaFixture()
        .shifted("slow", "latency_p50_seconds", 0.3, 0.15, 0)
        .shifted("slow", "latency_p90_seconds", 0.6, 0.15, 0)
        .shifted("slow", "latency_p99_seconds", 2.0, 0.15, 0)
        .shifted("busy", "cpu_usage_ratio", 0.3, 0.12, 0);
    assertEquals("slow", rank(f.input(g)).causes().get(0).service());
  }

  @Test
  void constantThenJumpingSeriesDoesNotSwampTheRanking() {
    TopologySnapshot g = TopologySnapshot.builder().node("noisy").node("hot").build();
    RcaFixture f = new RcaFixture()
        .shifted("hot", "cpu_usage_ratio", 0.2, 0.6, 0)
        .shifted("hot", "latency_p90_seconds", 0.02, 0.1, 0);
    double[] counter = new double[PRE + POST];
    java.util.Arrays.fill(counter, 0, PRE, 7);
    java.util.Arrays.fill(counter, PRE, PRE + POST, 7e6);
    f.series.put(new SeriesKey("noisy", "open_files_total"), counter);
    assertEquals("hot", rank(f.input(g)).causes().get(0).service());
  }

  @Test
  void errorRatioOverAFewRequestsDoesNotOutrankABusyService() {
    // "rare" serves under one request a minute and all of them fail; "busy" serves 10/s and 5 % start failing
    TopologySnapshot g = TopologySnapshot.builder().node("rare").node("busy").build();
    RcaFixture f = new RcaFixture()
        .shifted("rare", "error_ratio", 0, 1, 0)
        .flat("rare", "request_rate", 0.01)
        .shifted("busy", "error_ratio", 0, 0.05, 0)
        .flat("busy", "request_rate", 10);
    Ranking r = rank(f.input(g));
    assertEquals("busy", r.causes().get(0).service());
    // without the request rate there is no sampling floor: a 0 -> 1 ratio is then the stronger change
    f.series.remove(new SeriesKey("rare", "request_rate"));
    assertEquals("rare", rank(f.input(g)).causes().get(0).service());
  }

  @Test
  void anEndpointSeenOnceInTheBaselineDoesNotOutrankAServiceMeasuredThroughout() {
    // web calls svc (30 calls a minute, slowed from 50 to 350 ms) and remote, an endpoint called once before the
    // incident (37 ms) and once after (one slow call of 2.1 s); one baseline value says nothing about its spread
    TopologySnapshot g = TopologySnapshot.builder().call("web", "svc").call("web", "remote").build();
    RcaFixture f = new RcaFixture()
        .shifted("web", "latency_p90_seconds", 0.1, 0.3, 0)
        .shifted("svc", "latency_p90_seconds", 0.05, 0.3, 0)
        .flat("svc", "request_rate", 0.5);
    double[] once = new double[PRE + POST];
    java.util.Arrays.fill(once, Double.NaN);
    once[5] = 0.037;
    once[PRE] = 2.128;
    double[] calls = new double[PRE + POST];
    calls[5] = 1 / 60.0;
    calls[PRE] = 1 / 60.0;
    f.series.put(new SeriesKey("remote", "latency_p90_seconds"), once);
    f.series.put(new SeriesKey("remote", "request_rate"), calls);
    Ranking r = rank(f.input(g));
    assertEquals("svc", r.causes().get(0).service());
    RankedCause remote = r.causes().stream().filter(c -> c.service().equals("remote")).findFirst().orElseThrow();
    assertEquals(RobustChangeScore.ZERO_SPREAD_CAP, remote.evidence().get(0).change(), 1e-9);
  }

  @Test
  void callsToAnIdleCalleeThatStartAreTheCallersChange() {
    // svc (steady traffic) begins calling store, idle before (no calls), and 1 % of its requests fail; store's new
    // traffic is the larger change, but nothing upstream grew: svc changed what it does
    TopologySnapshot g = TopologySnapshot.builder().call("web", "svc").call("svc", "store").build();
    RcaFixture f = new RcaFixture()
        .flat("web", "request_rate", 5)
        .flat("svc", "request_rate", 5)
        .shifted("svc", "error_ratio", 0, 0.01, 0)
        .shifted("store", "request_rate", 0, 0.5, 0);
    Ranking r = rank(f.input(g));
    RankedCause top = r.causes().get(0);
    assertEquals("svc", top.service());
    assertEquals("calls to store started", top.evidence().get(0).subject());
    RankedCause store = r.causes().stream().filter(c -> c.service().equals("store")).findFirst().orElseThrow();
    assertTrue(store.evidence().isEmpty(), store.evidence().toString());
    // a busy store (50 calls a minute before) whose traffic rises keeps it: a flood reaches it from outside
    f.shifted("store", "request_rate", 50.0 / 60, 0.5, 0);
    assertEquals("store", rank(f.input(g)).causes().get(0).service());
  }

  @Test
  void anIdleNodeThatNobodyCallsKeepsItsNewTraffic() {
    TopologySnapshot g = TopologySnapshot.builder().call("web", "svc").node("batch").build();
    RcaFixture f = new RcaFixture()
        .flat("web", "request_rate", 5)
        .shifted("svc", "error_ratio", 0, 0.01, 0)
        .shifted("batch", "request_rate", 0, 0.5, 0);
    Ranking r = rank(f.input(g));
    assertEquals("batch", r.causes().get(0).service());
    assertEquals("traffic", r.causes().get(0).evidence().get(0).kind());
  }

  @Test
  void opaqueEndpointDefersToATransparentSiblingWithTheSameRise() {
    // web calls svc directly and through lb, a load balancer seen only by web's calls (no callees, no resources)
    TopologySnapshot g = TopologySnapshot.builder().call("web", "svc").call("web", "lb").call("svc", "db").build();
    RcaFixture f = new RcaFixture()
        .shifted("web", "latency_p90_seconds", 0.05, 0.5, 0)
        .shifted("lb", "latency_p90_seconds", 0.02, 0.55, 0)
        .shifted("svc", "latency_p90_seconds", 0.02, 0.5, 0)
        .flat("svc", "cpu_usage_ratio", 0.3)
        .flat("db", "latency_p90_seconds", 0.005);
    Ranking r = rank(f.input(g));
    assertEquals("svc", r.causes().get(0).service());
    // once svc is opaque too (no callee, no resource series), nothing is more specific than lb's larger rise
    TopologySnapshot flat = TopologySnapshot.builder().call("web", "svc").call("web", "lb").build();
    f.series.remove(new SeriesKey("svc", "cpu_usage_ratio"));
    f.series.remove(new SeriesKey("db", "latency_p90_seconds"));
    assertEquals("lb", rank(f.input(flat)).causes().get(0).service());
  }

  @Test
  void stoppedCallsBlameTheCallerAndTakeOverItsCallersErrors() {
    // checkout throws before calling email: email's traffic vanishes while checkout is still called;
    // only the front end has an error series
    TopologySnapshot g = TopologySnapshot.builder().call("front", "checkout").call("checkout", "email")
        .call("front", "ads").build();
    RcaFixture f = new RcaFixture()
        .shifted("front", "error_ratio", 0, 0.05, 0)
        .flat("front", "request_rate", 8)
        .flat("checkout", "request_rate", 0.3)
        .flat("checkout", "cpu_usage_ratio", 0.1)
        .shifted("email", "request_rate", 0.3, -0.3, 0)
        .flat("ads", "request_rate", 5);
    RankedCause top = rank(f.input(g)).causes().get(0);
    assertEquals("checkout", top.service());
    assertTrue(top.evidence().stream().anyMatch(e -> e.kind().equals("stopped-calls")), top.explanation());
    // when checkout itself stops being called, email's silence is not checkout's doing
    f.shifted("checkout", "request_rate", 0.3, -0.3, 0);
    Ranking r = rank(f.input(g));
    assertTrue(r.causes().stream().filter(c -> c.service().equals("checkout")).findFirst().orElseThrow().evidence()
        .stream().noneMatch(e -> e.kind().equals("stopped-calls")));
  }

  @Test
  void logBurstRaisesACandidate() {
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").build();
    RcaFixture f = new RcaFixture()
        .flat("a", "cpu_usage_ratio", 0.3)
        .flat("b", "cpu_usage_ratio", 0.3);
    RcaInput base = f.input(g);
    assertTrue(rank(base).causes().get(0).score() < 1.5);
    long t = base.timestampsSeconds()[PRE];
    f.events.add(new LogEvent("b", t, "NullPointerException at Cart.add", 40));
    f.events.add(new LogEvent("b", t + 60, "NullPointerException at Cart.add", 35));
    RankedCause top = rank(f.input(g)).causes().get(0);
    assertEquals("b", top.service());
    assertEquals("logs", top.evidence().get(0).kind());
  }

  @Test
  void networkDelaySeenOnlyByTheCallerBlamesTheCalleeThoughItsOwnCallsAreClean() {
    // 100 ms of network delay into orders: front's client latency on that edge rises, orders' server latency and
    // orders' own calls to its three databases do not
    TopologySnapshot g = TopologySnapshot.builder().call("front", "orders").call("front", "catalogue")
        .call("orders", "db1").call("orders", "db2").call("orders", "db3").build();
    RcaFixture f = new RcaFixture()
        .shifted("front", "latency_p90_seconds", 0.08, 0.19, 0)
        .shifted("front", "client_latency_p90_seconds", 0.06, 0.19, 0)
        .flat("orders", "latency_p90_seconds", 0.03)
        .flat("orders", "client_latency_p90_seconds", 0.02)
        .flat("catalogue", "latency_p90_seconds", 0.01)
        .edge("front", "orders", "client_latency_p50_seconds", 0.03, 0.1)
        .edge("front", "orders", "latency_p50_seconds", 0.029, 0)
        .edge("front", "catalogue", "client_latency_p50_seconds", 0.01, 0)
        .edge("front", "catalogue", "latency_p50_seconds", 0.009, 0);
    for (String db : List.of("db1", "db2", "db3")) {
      f.flat(db, "latency_p90_seconds", 0.005)
          .edge("orders", db, "client_latency_p50_seconds", 0.005, 0)
          .edge("orders", db, "latency_p50_seconds", 0.0045, 0);
    }
    RankedCause top = rank(f.input(g)).causes().get(0);
    assertEquals("orders", top.service(), top.explanation());
    assertTrue(top.evidence().stream().anyMatch(e -> e.kind().equals("network-gap")), top.explanation());
  }

  @Test
  void packetLossMovesTheCallersTailLatencyAndErrorsToTheCallee() {
    // retransmissions on calls into b: a's client latency on the a->b edge and a's error ratio rise; b looks healthy
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").call("a", "c").build();
    RcaFixture f = new RcaFixture()
        .shifted("a", "client_latency_p90_seconds", 0.1, 0.3, 0)
        .shifted("a", "error_ratio", 0.001, 0.02, 0)
        .flat("a", "request_rate", 50)
        .flat("b", "latency_p90_seconds", 0.05)
        .flat("b", "error_ratio", 0.001)
        .flat("b", "request_rate", 50)
        .flat("c", "latency_p90_seconds", 0.05)
        .edge("a", "b", "client_latency_p50_seconds", 0.05, 0.01)
        .edge("a", "b", "latency_p50_seconds", 0.0495, 0)
        .edge("a", "c", "client_latency_p50_seconds", 0.05, 0)
        .edge("a", "c", "latency_p50_seconds", 0.0495, 0);
    RankedCause top = rank(f.input(g)).causes().get(0);
    assertEquals("b", top.service(), top.explanation());
    assertTrue(top.evidence().stream().anyMatch(e -> e.subject().startsWith("a->b")), top.explanation());
  }

  @Test
  void aCalleeSlowBecauseItsCalleeIsSlowGetsNoNetworkEvidence() {
    // c is slow; b waits for it, and a waits for b: every client-side rise is explained by a server-side one
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").call("b", "c").build();
    RcaFixture f = new RcaFixture()
        .shifted("a", "latency_p90_seconds", 0.06, 0.2, 0)
        .shifted("b", "latency_p90_seconds", 0.04, 0.2, 0)
        .shifted("c", "latency_p90_seconds", 0.02, 0.2, 0)
        .edge("a", "b", "client_latency_p50_seconds", 0.041, 0.2)
        .edge("a", "b", "latency_p50_seconds", 0.04, 0.2)
        .edge("b", "c", "client_latency_p50_seconds", 0.021, 0.2)
        .edge("b", "c", "latency_p50_seconds", 0.02, 0.2);
    Ranking r = rank(f.input(g));
    assertEquals("c", r.causes().get(0).service());
    assertTrue(r.causes().stream().allMatch(c -> c.evidence().stream().noneMatch(e -> e.kind().equals("network-gap"))),
        r.toString());
  }

  @Test
  void rankingIsDeterministicAndListsEveryNode() {
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").node("idle").build();
    RcaFixture f = new RcaFixture().shifted("b", "cpu_usage_ratio", 0.3, 0.5, 0).flat("a", "cpu_usage_ratio", 0.3);
    RcaInput in = f.input(g);
    assertEquals(rank(in), rank(in));
    assertEquals(3, rank(in).causes().size());
  }

  @Test
  void loadFromRetriesIsHandedBackToTheCalleeOfTheLossyEdge() {
    // packet loss on a -> b: a re-sends 15 % of its calls (its client tail latency rises), b serves them and passes
    // them on to c, whose CPU and bytes rise with the extra traffic, c being the busier service
    TopologySnapshot g = TopologySnapshot.builder().call("front", "a").call("a", "b").call("b", "c").build();
    RcaFixture f = new RcaFixture()
        .flat("front", "request_rate", 100)
        .flat("a", "request_rate", 100)
        .shifted("b", "request_rate", 100, 15, 0)
        .shifted("c", "request_rate", 100, 15, 0)
        .shifted("a", "client_latency_p90_seconds", 0.1, 0.3, 0)
        .shifted("b", "cpu_usage_ratio", 0.2, 0.03, 0)
        .shifted("c", "cpu_usage_ratio", 0.6, 0.09, 0)
        .shifted("c", "network_transmit_bytes_per_second", 1e6, 1.5e5, 0);
    Ranking r = rank(f.input(g));
    assertEquals("b", r.causes().get(0).service(), r.causes().toString());
  }
}
