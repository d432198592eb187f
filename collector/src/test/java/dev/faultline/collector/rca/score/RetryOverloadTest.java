package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.collector.rca.RcaFixture;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import org.junit.jupiter.api.Test;

class RetryOverloadTest {
  /** front -> a -> b -> c: a re-sends 15 % of its calls to b (lossy edge), b passes the extra calls on to c. */
  private static final TopologySnapshot G =
      TopologySnapshot.builder().call("front", "a").call("a", "b").call("b", "c").build();

  private static RetryOverload overload(RcaFixture f) {
    RcaInput in = f.input(G);
    return new RetryOverload(in, new ChangeTable(in, new RobustChangeScore(240)), new RobustChangeScore(240));
  }

  private static RcaFixture rates(double front, double a, double b, double c) {
    return new RcaFixture()
        .shifted("front", "request_rate", 100, front, 0)
        .shifted("a", "request_rate", 100, a, 0)
        .shifted("b", "request_rate", 100, b, 0)
        .shifted("c", "request_rate", 100, c, 0);
  }

  @Test
  void retriesMakeTheCalleeTheTargetAndLoadItsCallTree() {
    RetryOverload r = overload(rates(0, 0, 15, 15).shifted("a", "client_latency_p90_seconds", 0.1, 0.3, 0));
    assertEquals("b", r.targetOf("a"));
    assertNull(r.targetOf("b"), "c gets no more calls per call of b");
    assertNull(r.loadedBy("b"), "the target carries its own rise");
    assertEquals("b", r.loadedBy("c").target());
    assertEquals(0.15, r.loadedBy("c").relativeRise(), 0.03);
  }

  @Test
  void aCallerFailingOnItsOwnWithMoreCallsIsNoRetry() {
    // a fails (errors) and calls b more often, e.g. a wrong resource; its calls are not slower: no lost packets
    RetryOverload r = overload(rates(0, 0, 15, 15).shifted("a", "error_ratio", 0.001, 0.2, 0)
        .flat("a", "client_latency_p90_seconds", 0.1));
    assertNull(r.targetOf("a"));
  }

  @Test
  void theTailLatencyOnTheEdgeAloneShowsTheRetries() {
    RetryOverload r = overload(rates(0, 0, 15, 15).edge("a", "b", "client_latency_p90_seconds", 0.1, 0.3));
    assertEquals("b", r.targetOf("a"));
  }

  @Test
  void aLoadRampFromTheFrontEndIsNoRetry() {
    // the whole fleet gets 30 % more traffic; the callers' latency rises with the load
    RetryOverload r = overload(rates(30, 30, 30, 30).shifted("a", "client_latency_p90_seconds", 0.1, 0.3, 0));
    for (String n : G.nodes()) {
      assertNull(r.targetOf(n), n);
      assertNull(r.loadedBy(n), n);
    }
  }

  @Test
  void moreCallsWithoutAnyCostAtTheCallerAreNoRetry() {
    // b gets more calls per call of a (e.g. a new code path), but a sees no slower or failing calls
    RetryOverload r = overload(rates(0, 0, 15, 15).flat("a", "client_latency_p90_seconds", 0.1));
    assertNull(r.targetOf("a"));
    assertNull(r.loadedBy("c"));
  }

  @Test
  void aServiceWithItsOwnTrafficRiseIsNotLoadedByTheTarget() {
    // c's rate rises far more than b's retries explain: that rise is c's own
    RetryOverload r = overload(rates(0, 0, 15, 60).shifted("a", "client_latency_p90_seconds", 0.1, 0.3, 0));
    assertEquals("b", r.targetOf("a"));
    assertNull(r.loadedBy("c"));
  }
}
