package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Number formatting for tables: integers without a fraction, others with up to 6 significant decimals. */
final class Numbers {

  private Numbers() {}

  static String format(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "-";
    }
    double v = value.asDouble();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
