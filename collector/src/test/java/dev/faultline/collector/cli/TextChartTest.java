package dev.faultline.collector.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextChartTest {

  private static String draw(TextChart chart, long[] t, double[] v, long from, long to) {
    StringWriter s = new StringWriter();
    chart.print(t, v, from, to, new PrintWriter(s, true));
    return s.toString().replace("\r\n", "\n");
  }

  @Test
  void eachColumnKeepsItsLargestPointAndEmptyColumnsAreGaps() {
    double[] columns = new TextChart(4, 2).columns(new long[] {0, 10, 20, 70, 99}, new double[] {1, 5, 2, 3, 4}, 0, 100);
    assertArrayEquals(new double[] {5, Double.NaN, 3, 4}, columns);
  }

  @Test
  void nonFiniteAndOutOfWindowPointsAreLeftOut() {
    double[] columns = new TextChart(2, 2).columns(new long[] {-5, 10, 60, 200},
        new double[] {9, Double.NaN, 1, 9}, 0, 100);
    assertArrayEquals(new double[] {Double.NaN, 1}, columns);
  }

  @Test
  void aRisingSeriesIsAStaircaseBetweenItsMinimumAndMaximum() {
    String chart = draw(new TextChart(4, 2), new long[] {0, 25, 50, 75}, new double[] {0, 1, 2, 3}, 0, 100);
    assertEquals(String.join("\n",
        "3 ┤  ▃█",
        "0 ┤▁▆██",
        "  └────",
        "   00:00:00Z",
        ""), chart.replaceAll("(?m)^( {3}00:00:00Z).*$", "$1"));
  }

  @Test
  void aFlatSeriesIsDrawnAtHalfHeight() {
    String chart = draw(new TextChart(2, 3), new long[] {0, 60}, new double[] {4, 4}, 0, 100);
    String[] lines = chart.split("\n");
    assertEquals("6 ┤", lines[0]);
    assertEquals("4 ┤▅▅", lines[1]); // 13 of 24 eighths: the minimum always keeps one
    assertEquals("2 ┤██", lines[2]);
  }

  @Test
  void noPointsSaysSo() {
    assertEquals("no points to chart\n", draw(new TextChart(3, 2), new long[0], new double[0], 0, 100));
  }

  @Test
  void tooSmallIsRejectedNamingBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TextChart(1, 5));
    assertEquals("chart width and height must be >= 2, were 1x5", e.getMessage());
  }
}
