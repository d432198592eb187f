package dev.faultline.collector.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A block chart of one series for a terminal: the window is cut into {@code width} columns, each drawn as a bar of
 * the largest value that fell into it (the maximum, so that a short spike stays visible), in eighths of a row with
 * the block characters {@code ▁▂▃▄▅▆▇█}. A column without points stays blank (a gap in the data). The y axis runs
 * from the smallest to the largest point of the window and is labelled (3 significant digits) at the maximum,
 * middle and minimum; the x axis with the window's start and end (UTC).
 *
 * <pre>
 *  0.31 ┤                         █
 *  0.22 ┤              ▂▃        ██
 *  0.12 ┤▄▅▅▅▄▅▅▅▅▅▄▅▅▅██▅▅▅▅▅▅▅▅██
 *       └──────────────────────────
 *        03:15:00Z          03:30:00Z
 * </pre>
 *
 * Pure and deterministic; not thread-safe.
 */
final class TextChart {

  private static final char[] EIGHTHS = {' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

  private final int width;
  private final int height;

  /** A chart {@code width} columns by {@code height} rows (plus axes); both at least 2. */
  TextChart(int width, int height) {
    if (width < 2 || height < 2) {
      throw new IllegalArgumentException("chart width and height must be >= 2, were " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  /** Draws {@code values} at {@code timestamps} (epoch ms, ascending) over {@code [fromMillis, toMillis]}. */
  void print(long[] timestamps, double[] values, long fromMillis, long toMillis, PrintWriter out) {
    double[] columns = columns(timestamps, values, fromMillis, toMillis);
    // The axis spans every point in the window (not just the column maxima), so the baseline is the true minimum.
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < timestamps.length; i++) {
      if (timestamps[i] >= fromMillis && timestamps[i] <= toMillis && Double.isFinite(values[i])) {
        lo = Math.min(lo, values[i]);
        hi = Math.max(hi, values[i]);
      }
    }
    if (lo > hi) {
      out.println("no points to chart");
      out.flush();
      return;
    }
    if (lo == hi) { // a flat line: draw it at half height
      lo = lo - Math.max(Math.abs(lo), 1) * 0.5;
      hi = hi + Math.max(Math.abs(hi), 1) * 0.5;
    }
    String[] labels = {Numbers.compact(hi), height >= 3 ? Numbers.compact((hi + lo) / 2) : "", Numbers.compact(lo)};
    int labelWidth = Math.max(labels[0].length(), Math.max(labels[1].length(), labels[2].length()));
    for (int row = height - 1; row >= 0; row--) {
      String label = row == height - 1 ? labels[0] : row == 0 ? labels[2] : row == height / 2 ? labels[1] : "";
      StringBuilder line = new StringBuilder(" ".repeat(labelWidth - label.length())).append(label)
          .append(label.isEmpty() ? " │" : " ┤");
      for (double c : columns) {
        line.append(Double.isNaN(c) ? ' ' : cell(eighths(c, lo, hi), row));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println(" ".repeat(labelWidth + 1) + "└" + "─".repeat(width));
    String start = timeLabel(fromMillis, toMillis - fromMillis);
    String end = timeLabel(toMillis, toMillis - fromMillis);
    int gap = Math.max(1, width - start.length() - end.length() + 1);
    out.println(" ".repeat(labelWidth + 2) + start + " ".repeat(gap) + end);
    out.flush();
  }

  /** The maximum per column, NaN where no (finite) point fell. Visible for testing. */
  double[] columns(long[] timestamps, double[] values, long fromMillis, long toMillis) {
    double[] columns = new double[width];
    java.util.Arrays.fill(columns, Double.NaN);
    double span = Math.max(1, toMillis - fromMillis);
    for (int i = 0; i < timestamps.length; i++) {
      if (timestamps[i] < fromMillis || timestamps[i] > toMillis || !Double.isFinite(values[i])) {
        continue;
      }
      int c = (int) Math.min(width - 1, Math.floor((timestamps[i] - fromMillis) / span * width));
      columns[c] = Double.isNaN(columns[c]) ? values[i] : Math.max(columns[c], values[i]);
    }
    return columns;
  }

  /** Bar height in eighths of a row, at least one so that the minimum still shows. */
  private int eighths(double v, double lo, double hi) {
    int total = height * 8;
    return 1 + (int) Math.round((v - lo) / (hi - lo) * (total - 1));
  }

  private static char cell(int eighths, int row) {
    int inRow = eighths - row * 8;
    return EIGHTHS[Math.max(0, Math.min(8, inRow))];
  }

  private static String timeLabel(long millis, long spanMillis) {
    String pattern = spanMillis > 86_400_000L ? "MM-dd'T'HH:mm'Z'" : "HH:mm:ss'Z'";
    return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(millis));
  }
}
