package dev.faultline.collector.config;

/** A configuration value is missing, unknown or invalid; the message names the dotted key and the problem. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  private ConfigException(String key, String message) {
    super(key.isEmpty() ? message : key + ": " + message);
    this.key = key;
  }

  /** The value of {@code key} was present but could not be used. */
  public static ConfigException invalid(String key, String value, String expected) {
    return new ConfigException(key, "invalid value '" + value + "', expected " + expected);
  }

  /** {@code key} is not a configuration key (often a typo). */
  public static ConfigException unknownKey(String key, String known) {
    return new ConfigException(key, "unknown key (known keys: " + known + ")");
  }

  /** Something about {@code key} or the file as a whole (empty key) is wrong. */
  public static ConfigException of(String key, String message) {
    return new ConfigException(key, message);
  }

  /** Checks a whole-number setting against its bounds (records validate their own invariants with it). */
  public static void requireBetween(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw invalid(key, String.valueOf(value), "between " + min + " and " + max);
    }
  }

  /** Checks that a duration setting is greater than zero. */
  public static void requirePositive(String key, java.time.Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(key, String.valueOf(value), "a positive duration");
    }
  }

  /** The dotted key the problem is about; empty when it concerns the whole file. */
  public String key() {
    return key;
  }
}
