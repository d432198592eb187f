package dev.faultline.collector.query;

import dev.faultline.collector.config.Durations;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the time forms the query API accepts:
 *
 * <pre>
 * now                      the request time
 * -15m, -1h30m             relative to now (see {@link Durations})
 * 1764214200, 1764214200.5 epoch seconds
 * 2026-11-27T03:30:00Z     RFC 3339 (any offset)
 * </pre>
 */
public final class TimeParser {

  static final String EXPECTED = "epoch seconds, RFC 3339 (2026-11-27T03:30:00Z), 'now' or relative like -15m";

  private TimeParser() {}

  /**
   * Returns epoch milliseconds.
   *
   * @throws IllegalArgumentException when {@code text} is none of the forms
   */
  public static long parse(String text, long nowMillis) {
    String s = text.trim();
    if (s.equals("now")) {
      return nowMillis;
    }
    if (s.startsWith("-")) {
      return nowMillis - Durations.parse(s.substring(1)).toMillis();
    }
    if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return new BigDecimal(s).movePointRight(3).longValue();
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not " + EXPECTED + ": '" + text + "'");
    }
  }
}
