package dev.faultline.collector.detect.backtest;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Parses CSV timestamps to epoch milliseconds (UTC): {@code yyyy-MM-dd HH:mm:ss[.fff]} (NAB) and its ISO form with
 * {@code T}, on a fast path without allocation; ISO-8601 with an offset, and plain epoch seconds or milliseconds
 * (more than 11 digits means milliseconds), on a slow path.
 */
final class TimestampParser {

  private TimestampParser() {}

  /** @throws IllegalArgumentException if the text is not a supported timestamp */
  static long parseMillis(CharSequence s, int from, int to) {
    if (to - from >= 19 && s.charAt(from + 4) == '-' && s.charAt(from + 7) == '-'
        && (s.charAt(from + 10) == ' ' || s.charAt(from + 10) == 'T') && s.charAt(from + 13) == ':'
        && (to - from == 19 || s.charAt(from + 19) == '.' && to - from <= 23)) {
      int year = digits(s, from, 4);
      int month = digits(s, from + 5, 2);
      int day = digits(s, from + 8, 2);
      int hour = digits(s, from + 11, 2);
      int minute = digits(s, from + 14, 2);
      int second = digits(s, from + 17, 2);
      int millis = 0;
      if (to - from > 20) {
        int len = to - from - 20;
        millis = digits(s, from + 20, len);
        for (int i = len; i < 3; i++) {
          millis *= 10;
        }
      }
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
          && minute >= 0 && minute < 60 && second >= 0 && second < 61 && millis >= 0) {
        return (daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second) * 1000L + millis;
      }
    }
    return slow(s.subSequence(from, to).toString().trim());
  }

  private static long slow(String text) {
    try {
      if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
        long v = Long.parseLong(text);
        return text.length() > 11 ? v : v * 1000L;
      }
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unsupported timestamp '" + text + "'", e);
    }
  }

  private static int digits(CharSequence s, int at, int len) {
    int v = 0;
    for (int i = at; i < at + len; i++) {
      int c = s.charAt(i) - '0';
      if (c < 0 || c > 9) {
        return -1_000_000_000;
      }
      v = v * 10 + c;
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible date algorithms"). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
