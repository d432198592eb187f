package dev.faultline.agent.config;

import java.util.Locale;

/**
 * Parses byte sizes such as {@code 8388608}, {@code 512k}, {@code 8m}, {@code 8MiB} or {@code 1g}.
 * Units are binary (k = 1024); a bare number is bytes.
 */
public final class ByteSizes {

  private ByteSizes() {}

  /**
   * Returns the number of bytes written in {@code text}.
   *
   * @throws IllegalArgumentException when the text is not a non-negative integer with an optional unit
   */
  public static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 12) {
      throw new IllegalArgumentException("expected a size like 8388608, 512k or 8MiB, got '" + text + "'");
    }
    long amount = Long.parseLong(t.substring(0, unitStart));
    return amount * multiplier(t.substring(unitStart).trim(), text);
  }

  private static long multiplier(String unit, String text) {
    switch (unit) {
      case "":
      case "b":
        return 1;
      case "k":
      case "kb":
      case "kib":
        return 1L << 10;
      case "m":
      case "mb":
      case "mib":
        return 1L << 20;
      case "g":
      case "gb":
      case "gib":
        return 1L << 30;
      default:
        throw new IllegalArgumentException("expected a size like 8388608, 512k or 8MiB, got '" + text + "'");
    }
  }
}
