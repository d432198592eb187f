package dev.faultline.collector.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes: a plain number of bytes or a number with a unit ({@code 512MiB}, {@code 4MB}, {@code 1GiB}). */
public final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b|b)?");
  static final String EXPECTED = "a byte size such as 4194304, 64KiB, 512MiB or 1GiB";

  private ByteSizes() {}

  /**
   * Returns the number of bytes {@code text} denotes.
   *
   * @throws IllegalArgumentException when {@code text} is not a size or overflows a long
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not " + EXPECTED + ": '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor = 1;
    if (!unit.equals("b")) {
      long base = unit.contains("i") ? 1024 : 1000;
      int power = "kmgt".indexOf(unit.charAt(0)) + 1;
      for (int i = 0; i < power; i++) {
        factor *= base;
      }
    }
    return Math.multiplyExact(n, factor);
  }
}
