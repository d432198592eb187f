package dev.faultline.collector.cli;

import java.util.regex.Pattern;

/**
 * The client's {@code --since} values: a bare duration ({@code 1h}, {@code 15m}, {@code 1h30m}) means that long
 * ago and becomes the API's relative form {@code -1h}; anything else (relative {@code -15m}, RFC 3339, epoch
 * seconds, {@code now}) is passed on as is, so every command accepts what every route accepts.
 */
final class TimeArgs {

  private static final Pattern BARE_DURATION = Pattern.compile("(\\d+(\\.\\d+)?[a-zA-Z]+)+");

  private TimeArgs() {}

  static String since(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    return BARE_DURATION.matcher(v).matches() && !v.equals("now") ? "-" + v : v;
  }
}
