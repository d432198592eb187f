package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.rca.RcaFixture;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import org.junit.jupiter.api.Test;

class CarriedLoadTest {
  /** front -> a -> b. */
  private static final TopologySnapshot G = TopologySnapshot.builder().call("front", "a").call("a", "b").build();

  private static CarriedLoad load(double front, double a, double b) {
    RcaInput in = new RcaFixture()
        .shifted("front", "request_rate", 100, front, 0)
        .shifted("a", "request_rate", 100, a, 0)
        .shifted("b", "request_rate", 100, b, 0)
        .input(G);
    return new CarriedLoad(G, new ChangeTable(in, new RobustChangeScore(240)));
  }

  @Test
  void aLoadRampIsCarriedDownTheCallGraph() {
    CarriedLoad l = load(30, 30, 30);
    assertEquals(0.3, l.relativeRise("a"), 0.05);
    assertEquals(0.3, l.relativeRise("b"), 0.05);
  }

  @Test
  void theEntryServiceCarriesItsOwnRise() {
    assertEquals(0, load(30, 30, 30).relativeRise("front"), "no caller carries it");
  }

  @Test
  void aRiseBeyondTheCallersIsTheServicesOwn() {
    // b gets twice the calls per call of a (re-sends to it, a new code path): not carried
    CarriedLoad l = load(10, 10, 60);
    assertEquals(0, l.relativeRise("b"));
    assertEquals(0.1, l.relativeRise("a"), 0.03);
  }

  @Test
  void flatTrafficCarriesNothing() {
    CarriedLoad l = load(0, 0, 0);
    assertEquals(0, l.relativeRise("a"), 0.06, "at most the noise of the rates");
    assertEquals(0, l.relativeRise("b"), 0.06, "at most the noise of the rates");
  }
}
