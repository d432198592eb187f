package dev.faultline.collector.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written the way operators write them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h},
 * {@code 2d}, or a sum such as {@code 1h30m}.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  static final String EXPECTED = "a duration such as 500ms, 30s, 15m, 1h, 2d or 1h30m";

  private Durations() {}

  /**
   * Returns the duration {@code text} denotes.
   *
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim();
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (end < s.length() && m.find(end) && m.start() == end) {
      total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
      end = m.end();
    }
    if (s.isEmpty() || end != s.length()) {
      throw new IllegalArgumentException("not " + EXPECTED + ": '" + text + "'");
    }
    return total;
  }

  /** Formats {@code d} in the largest whole unit, e.g. {@code 1h}, {@code 90s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }

  private static Duration unit(long n, String unit) {
    switch (unit) {
      case "ms": return Duration.ofMillis(n);
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": return Duration.ofHours(n);
      default: return Duration.ofDays(n);
    }
  }
}
