package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.collector.rca.RcaFixture;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import org.junit.jupiter.api.Test;

class NSigmaRankerTest {
  @Test
  void ranksByLargestSigmaDeviation() {
    RcaFixture f = new RcaFixture()
        .shifted("a", "cpu_usage_ratio", 0.3, 0.05, 0)
        .shifted("b", "cpu_usage_ratio", 0.3, 0.5, 0);
    var r = new NSigmaRanker().rank(f.input(TopologySnapshot.empty()));
    assertEquals("b", r.causes().get(0).service());
  }

  @Test
  void zeroStdIsReplacedByOne() {
    assertEquals(4.0, NSigmaRanker.score(new double[] {1, 1, 1, 5}, 3), 1e-12);
  }

  @Test
  void factoryKnowsBothRankers() {
    assertEquals(NSigmaRanker.class, Rankers.create("nsigma").getClass());
    assertEquals(EvidenceRanker.class, Rankers.create("evidence").getClass());
    assertThrows(IllegalArgumentException.class, () -> Rankers.create("magic"));
  }
}
