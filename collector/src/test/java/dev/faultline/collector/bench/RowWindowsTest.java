package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.ServiceHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowWindowsTest {

  /** One row per second at the given seconds: rate s, cpu s / 100, p50 s, p99 10 s. */
  private static ServiceHistory rowsAt(int... seconds) {
    ServiceHistory.Builder b = ServiceHistory.builder("svc", List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION)));
    for (int s : seconds) {
      b.add(10_000L + 1000L * s, s, new double[] {s / 100.0}, s, 10.0 * s);
    }
    return b.build();
  }

  @Test
  void eachWindowIsTheMeanOfItsRows() {
    ServiceHistory h = RowWindows.average(rowsAt(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 5000);

    assertEquals(2, h.size());
    assertEquals(10_000, h.timestampMillis(0));
    assertEquals(15_000, h.timestampMillis(1));
    assertEquals(2.0, h.requestRate(0), 1e-12);
    assertEquals(7.0, h.requestRate(1), 1e-12);
    assertArrayEquals(new double[] {0.07}, h.featureRow(1), 1e-12);
    assertEquals(7.0, h.p50Millis(1), 1e-12);
    assertEquals(70.0, h.p99Millis(1), 1e-12, "the mean of the rows' p99s");
    assertEquals(h.features(), rowsAt(0).features());
  }

  @Test
  void aGapShortensItsWindowAndAnEmptyWindowGivesNoRow() {
    ServiceHistory h = RowWindows.average(rowsAt(0, 1, 3, 12, 13), 5000);

    assertEquals(2, h.size(), "seconds 5-9 have no rows");
    assertEquals(4.0 / 3, h.requestRate(0), 1e-12);
    assertEquals(12.5, h.requestRate(1), 1e-12);
    assertEquals(10_000 + 12_000, h.timestampMillis(1), "a window's row carries its first row's time");
  }

  @Test
  void oneSecondWindowsGiveTheRowsBack() {
    ServiceHistory in = rowsAt(0, 1, 2, 4, 7);
    ServiceHistory h = RowWindows.average(in, 1000);

    assertEquals(in.size(), h.size());
    for (int i = 0; i < in.size(); i++) {
      assertArrayEquals(in.inputRow(i), h.inputRow(i));
      assertEquals(in.p99Millis(i), h.p99Millis(i));
    }
  }

  @Test
  void rejectsANonPositiveWindow() {
    assertThrows(IllegalArgumentException.class, () -> RowWindows.average(rowsAt(0), 0));
  }
}
