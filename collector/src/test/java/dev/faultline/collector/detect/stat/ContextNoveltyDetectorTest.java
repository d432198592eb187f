package dev.faultline.collector.detect.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.Detectors;
import dev.faultline.collector.detect.SyntheticSeries;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ContextNoveltyDetector} on hand-checked sequences, and its place in the default set. */
class ContextNoveltyDetectorTest {

  private static double feed(Detector d, int i, double v) {
    return d.update(SyntheticSeries.START_MILLIS + i * 60_000L, v);
  }

  @Test
  void learntCycleScoresZeroAndNoveltyScoresByShortestUnseenSuffix() {
    // values 0..9 repeating; range [0, 9] and 10 bins give symbol v for v <= 8 and 9 for v = 9 (clamped)
    ContextNoveltyDetector d = new ContextNoveltyDetector(10, 3, 12, 0);
    int i = 0;
    for (; i < 40; i++) {
      feed(d, i, i % 10);
    }
    for (; i < 50; i++) {
      assertEquals(0.0, feed(d, i, i % 10), "every context of the cycle is known at " + i);
    }
    // the cycle is at 9 -> next 0, 1, 2, then 5: symbol 5 is known (order 1), the pair (2, 5) is not (order 2):
    // score (order - 2 + 1) / order = 2/3
    feed(d, i++, 0);
    feed(d, i++, 1);
    feed(d, i++, 2);
    assertEquals(2.0 / 3.0, feed(d, i++, 5), 1e-12);
    // (5, 6) is known, (2, 5, 6) is not: 1/3
    assertEquals(1.0 / 3.0, feed(d, i++, 6), 1e-12);
    // beyond the range [0, 9] by more than a bin width (0.9): the new-high symbol, known from the first cycle
    // (every value of it was a new high), but never after 6: 2/3
    assertEquals(2.0 / 3.0, feed(d, i++, 12), 1e-12);
    // the same value again is in the range [0, 12] now (top bin, known): the pair (new high, 9) is new, 2/3
    assertEquals(2.0 / 3.0, feed(d, i++, 12), 1e-12);
    // just outside the range (within one bin width, 1.2) is the top bin, not a new high: (9, 9) is new, 2/3
    assertEquals(2.0 / 3.0, feed(d, i++, 12.5), 1e-12);
    // far below: the new-low symbol was never seen, score 1
    assertEquals(1.0, feed(d, i++, -5), 0.0);
  }

  @Test
  void constantSeriesIsQuietAndABrokenDailyPatternIsNot() {
    ContextNoveltyDetector flat = new ContextNoveltyDetector(10, 3, 12, 0);
    for (int i = 0; i < 500; i++) {
      double s = feed(flat, i, 7.0);
      assertEquals(0.0, i < 4 ? 0.0 : s, "constant series at " + i); // 4 points learn orders 1 to 3
    }
    // a clean daily sine (288 points a day) is learnt in two days; then it jumps from the rising zero crossing
    // (symbol 3 of 6) to the trough (symbol 0): that transition never happened
    ContextNoveltyDetector d = ContextNoveltyDetector.withDefaults();
    int n = 288 * 5;
    for (int i = 0; i < n; i++) {
      double s = feed(d, i, 50 + 10 * Math.sin(2 * Math.PI * i / 288));
      assertEquals(0.0, i > 288 * 2 ? s : 0.0, "learnt daily curve at " + i);
    }
    assertEquals(2.0 / 3.0, feed(d, n, 40.0), 1e-12);
  }

  @Test
  void defaultSetIsTheMaximumOfTheCalibratedLevelAndShapeMembers() {
    SyntheticSeries s = SyntheticSeries.seasonal(8, 288 * 6, 50, 10, 2, 300_000L).spike(1500, 40);
    double[] full = s.scores(Detectors.create("default"));
    double[] level = s.scores(Detectors.create("default", Map.of("default.shapeWeight", 0.0)));
    boolean someShape = false;
    for (int i = 0; i < full.length; i++) {
      assertTrue(full[i] >= level[i], "the shape member only adds at " + i);
      someShape |= full[i] > level[i];
    }
    assertTrue(someShape, "the shape member contributes somewhere");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Detectors.create("default", Map.of("default.shapeWeight", 1.5))).getMessage()
        .contains("default.shapeWeight"));
  }

  @Test
  void parametersAreValidatedWithTheirName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ContextNoveltyDetector(1, 3, 12, 0))
        .getMessage().contains("bins"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ContextNoveltyDetector(10, 0, 12, 0))
        .getMessage().contains("order"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ContextNoveltyDetector(10, 3, 30, 0))
        .getMessage().contains("tableBits"));
  }
}
