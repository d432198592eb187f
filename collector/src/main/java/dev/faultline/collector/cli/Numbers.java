package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for text output; an absent or null value prints as {@code -}. */
final class Numbers {

  private Numbers() {}

  /** Integers without a fraction, others with up to 6 significant digits. */
  static String format(JsonNode value) {
    if (absent(value)) {
      return "-";
    }
    return format(value.asDouble());
  }

  static String format(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** A ratio 0..1 as a percentage with one decimal: {@code 0.012} is {@code 1.2%}. */
  static String percent(JsonNode ratio) {
    return absent(ratio) ? "-" : percent(ratio.asDouble());
  }

  static String percent(double ratio) {
    return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.1f%%", ratio * 100) : "-";
  }

  /** Seconds in the most readable unit: {@code 0.0042} is {@code 4.2ms}, {@code 1.5} is {@code 1.5s}. */
  static String seconds(JsonNode seconds) {
    return absent(seconds) ? "-" : seconds(seconds.asDouble());
  }

  static String seconds(double s) {
    if (!Double.isFinite(s)) {
      return "-";
    }
    if (s >= 1) {
      return compact(s) + "s";
    }
    if (s >= 0.001) {
      return compact(s * 1e3) + "ms";
    }
    return compact(s * 1e6) + "µs";
  }

  /** At most 3 significant digits, no trailing zeros: 12.5, 120, 4.2. */
  static String compact(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  private static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }
}
