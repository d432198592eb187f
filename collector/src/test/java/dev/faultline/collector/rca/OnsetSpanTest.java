package dev.faultline.collector.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.collector.rca.score.StartCandidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnsetSpanTest {
  private static final long[] GRID = {100, 200, 300, 400, 500, 600, 700, 800, 900};

  @Test
  void aStartWithoutSpanIsRankedAloneWithItsWholeWeight() {
    assertEquals(List.of(new OnsetSpan.Point(300, 0.6)), OnsetSpan.of(new StartCandidate(300, 0.6), GRID));
  }

  @Test
  void aShortSpanSharesTheWeightEvenlyOverEveryPoint() {
    List<OnsetSpan.Point> p = OnsetSpan.of(new StartCandidate(300, 0.6, 500), GRID);
    assertEquals(List.of(300L, 400L, 500L), p.stream().map(OnsetSpan.Point::startSeconds).toList());
    p.forEach(x -> assertEquals(0.2, x.weight(), 1e-12));
  }

  @Test
  void aLongSpanIsRankedAtItsOnsetMiddleAndStepOnlyAndKeepsItsTotalWeight() {
    List<OnsetSpan.Point> p = OnsetSpan.of(new StartCandidate(200, 0.9, 800), GRID);
    assertEquals(List.of(200L, 500L, 800L), p.stream().map(OnsetSpan.Point::startSeconds).toList());
    assertEquals(0.9, p.stream().mapToDouble(OnsetSpan.Point::weight).sum(), 1e-12);
  }

  @Test
  void aSpanHoldingOneGridPointIsTheStartAlone() {
    assertEquals(List.of(new OnsetSpan.Point(350, 0.5)), OnsetSpan.of(new StartCandidate(350, 0.5, 420), GRID));
  }

  @Test
  void aStepBeforeTheStartIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new StartCandidate(500, 0.5, 400));
  }
}
