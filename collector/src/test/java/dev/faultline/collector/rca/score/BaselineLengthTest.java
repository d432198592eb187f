package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BaselineLengthTest {
  @Test
  void aLongWindowNeedsATenthOfItsPointsBeforeASplit() {
    assertEquals(7, BaselineLength.firstSplit(75));
    assertEquals(3, BaselineLength.firstSplit(36));
  }

  @Test
  void aShortWindowKeepsItsOnlySplits() {
    assertEquals(StepChangeStart.PRE, BaselineLength.firstSplit(5));
    assertEquals(StepChangeStart.PRE, BaselineLength.firstSplit(9));
  }
}
