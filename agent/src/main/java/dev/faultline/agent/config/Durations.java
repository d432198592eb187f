package dev.faultline.agent.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses human durations such as {@code 500ms}, {@code 10s}, {@code 1m} or {@code 1h}.
 *
 * <p>A bare number is refused on purpose: "10" could mean seconds or milliseconds, and a silent guess is how
 * an agent ends up sampling a thousand times too often.
 */
public final class Durations {

  private Durations() {}

  /**
   * Returns the duration written in {@code text}.
   *
   * @throws IllegalArgumentException when the text is not a non-negative integer followed by ms, s, m or h
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 12) {
      throw new IllegalArgumentException("expected a duration like 500ms, 10s or 1m, got '" + text + "'");
    }
    long amount = Long.parseLong(t.substring(0, unitStart));
    switch (t.substring(unitStart)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        throw new IllegalArgumentException("expected a duration like 500ms, 10s or 1m, got '" + text + "'");
    }
  }
}
