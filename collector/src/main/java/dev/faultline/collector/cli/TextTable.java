package dev.faultline.collector.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns separated by two spaces, sized to their widest cell.
 *
 * <pre>{@code
 * new TextTable("SERVICE", "INSTANCES").row("checkout", 3).print(out);
 * }</pre>
 */
final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  TextTable row(Object... cells) {
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) {
      r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(r);
    return this;
  }

  /** Data rows, without the header. */
  int size() {
    return rows.size() - 1;
  }

  /** Prints the table, or the line {@code empty} alone when it has no data rows. */
  void printOr(String empty, PrintWriter out) {
    if (size() == 0) {
      out.println(empty);
      out.flush();
    } else {
      print(out);
    }
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - r[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
