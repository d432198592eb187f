package dev.faultline.collector.detect.backtest;

import dev.faultline.collector.detect.Detector;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Scores one CSV series: reads {@code timestamp,value} rows (a header naming both columns is required; other
 * columns are kept), feeds them in file order to a detector, and writes every row back with an {@code anomaly_score}
 * column appended. An empty or unparsable value is a gap (NaN). Rows must be in time order, as the detector
 * contract requires; an earlier timestamp is passed through and the detector scores it 0.
 */
public final class CsvScorer {

  private CsvScorer() {}

  /**
   * @param progress called with the number of rows done every 65,536 rows (for progress output)
   * @return the number of data rows scored
   * @throws IOException on read/write failure
   * @throws IllegalArgumentException on a malformed header or timestamp (message names file and line)
   */
  public static long score(Path input, Path output, Detector detector, LongConsumer progress) throws IOException {
    String text = Files.readString(input, StandardCharsets.UTF_8);
    int len = text.length();
    int lineEnd = lineEnd(text, 0);
    String header = stripCr(text.substring(0, lineEnd));
    String[] cols = header.split(",", -1);
    int tsCol = indexOf(cols, "timestamp");
    int valCol = indexOf(cols, "value");
    if (tsCol < 0 || valCol < 0) {
      throw new IllegalArgumentException(input + ": header must name 'timestamp' and 'value' columns, was '"
          + header + "'");
    }
    StringBuilder out = new StringBuilder(len + len / 2);
    out.append(header).append(",anomaly_score\n");
    long rows = 0;
    int line = 1;
    int pos = Math.min(len, lineEnd + 1);
    while (pos < len) {
      int end = lineEnd(text, pos);
      int stop = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
      line++;
      if (stop > pos) {
        int tsFrom = fieldStart(text, pos, stop, tsCol);
        int tsTo = fieldEnd(text, tsFrom, stop);
        int vFrom = fieldStart(text, pos, stop, valCol);
        int vTo = fieldEnd(text, vFrom, stop);
        long ts;
        try {
          ts = TimestampParser.parseMillis(text, tsFrom, tsTo);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(input + ":" + line + ": " + e.getMessage(), e);
        }
        double score = detector.update(ts, parseValue(text, vFrom, vTo));
        out.append(text, pos, stop).append(',');
        appendScore(out, score);
        out.append('\n');
        if ((++rows & 0xFFFF) == 0) {
          progress.accept(rows);
        }
      }
      pos = end + 1;
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      w.append(out);
    }
    return rows;
  }

  private static void appendScore(StringBuilder out, double score) {
    if (score == 0.0) {
      out.append('0');
    } else {
      out.append(score);
    }
  }

  private static double parseValue(String text, int from, int to) {
    while (from < to && text.charAt(from) == ' ') {
      from++;
    }
    if (from >= to) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text.substring(from, to));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static int lineEnd(String text, int from) {
    int i = text.indexOf('\n', from);
    return i < 0 ? text.length() : i;
  }

  private static String stripCr(String s) {
    String t = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    return t.startsWith("\uFEFF") ? t.substring(1) : t;
  }

  private static int indexOf(String[] cols, String name) {
    for (int i = 0; i < cols.length; i++) {
      if (cols[i].trim().replace("\"", "").equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int fieldStart(String text, int from, int to, int col) {
    int p = from;
    for (int c = 0; c < col; c++) {
      int comma = text.indexOf(',', p);
      if (comma < 0 || comma >= to) {
        return to;
      }
      p = comma + 1;
    }
    return p;
  }

  private static int fieldEnd(String text, int from, int to) {
    int comma = text.indexOf(',', from);
    return comma < 0 || comma > to ? to : comma;
  }
}
