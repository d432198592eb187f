package dev.faultline.collector.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartFusionTest {
  private static RankedCause cause(String service, double score, String why) {
    return new RankedCause(service, score, "latency_p90_seconds", List.of(service), null, List.of(), why);
  }

  private static Ranking ranking(RankedCause... causes) {
    return new Ranking(null, List.of(causes));
  }

  @Test
  void oneRankingIsReturnedAsItIs() {
    Ranking r = ranking(cause("a", 3, "x"), cause("b", 1, "y"));
    assertSame(r.causes(), StartFusion.fuse(List.of(new StartFusion.Weighted(100, 0.2, r))));
  }

  @Test
  void rankingsAreScaledToTheirBestAndSummedByWeight() {
    // at the first start b leads; at the second (heavier) a leads by far; scales differ by 100x
    Ranking first = ranking(cause("b", 10, "b at 100"), cause("a", 8, "a at 100"), cause("c", -1, "c"));
    Ranking second = ranking(cause("a", 0.1, "a at 200"), cause("b", 0.02, "b at 200"));
    List<RankedCause> fused = StartFusion.fuse(List.of(
        new StartFusion.Weighted(100, 0.5, first), new StartFusion.Weighted(200, 0.6, second)));
    assertEquals(List.of("a", "b", "c"), fused.stream().map(RankedCause::service).toList());
    assertEquals(0.5 * 0.8 + 0.6 * 1.0, fused.get(0).score(), 1e-12);
    assertEquals(0.5 * 1.0 + 0.6 * 0.2, fused.get(1).score(), 1e-12);
    assertEquals(0, fused.get(2).score(), 1e-12, "a negative score counts as no evidence");
  }

  @Test
  void eachCauseKeepsTheExplanationOfItsLargestContribution() {
    Ranking first = ranking(cause("b", 10, "b at 100"), cause("a", 8, "a at 100"));
    Ranking second = ranking(cause("a", 0.1, "a at 200"), cause("b", 0.02, "b at 200"));
    List<RankedCause> fused = StartFusion.fuse(List.of(
        new StartFusion.Weighted(100, 0.5, first), new StartFusion.Weighted(200, 0.6, second)));
    assertTrue(fused.get(0).explanation().startsWith("a at 200"), fused.get(0).explanation());
    assertTrue(fused.get(0).explanation().contains("2 candidate starts (100 weight 0.500, 200 weight 0.600)"));
    assertTrue(fused.get(1).explanation().startsWith("b at 100"), fused.get(1).explanation());
  }

  @Test
  void tiesAreBrokenByName() {
    Ranking r1 = ranking(cause("z", 1, ""), cause("y", 1, ""));
    Ranking r2 = ranking(cause("y", 2, ""), cause("z", 2, ""));
    List<RankedCause> fused = StartFusion.fuse(List.of(
        new StartFusion.Weighted(1, 1, r1), new StartFusion.Weighted(2, 1, r2)));
    assertEquals(List.of("y", "z"), fused.stream().map(RankedCause::service).toList());
  }

  @Test
  void nothingToFuseIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> StartFusion.fuse(List.of()));
  }
}
