package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValueAndTheRangeIsMinToMax() {
    Spread s = Spread.of(0.53, 0.22, 0.42, 0.34, 0.52);
    assertEquals(0.42, s.median());
    assertEquals(0.22, s.min());
    assertEquals(0.53, s.max());
    assertEquals("0.42 (0.22-0.53)", s.format("%.2f"));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Spread.of(4, 1, 3, 2).median());
  }

  @Test
  void theInputIsNotReordered() {
    double[] values = {3, 1, 2};
    Spread.of(values);
    assertEquals(3, values[0]);
  }

  @Test
  void noValuesIsAnError() {
    assertThrows(IllegalArgumentException.class, Spread::of);
  }
}
