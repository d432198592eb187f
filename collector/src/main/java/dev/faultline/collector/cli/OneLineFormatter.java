package dev.faultline.collector.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record: {@code 2026-11-27T03:30:00Z INFO  ingest: listening on 127.0.0.1:9470}. The component is the
 * package below {@code dev.faultline.collector} (or the whole logger name for libraries). A stack trace is printed
 * only when the call site attached a throwable, which it does only for unexpected failures.
 */
public final class OneLineFormatter extends Formatter {

  private static final String OURS = "dev.faultline.collector.";

  @Override
  public String format(LogRecord r) {
    StringBuilder sb = new StringBuilder(128)
        .append(Instant.ofEpochMilli(r.getMillis()).truncatedTo(ChronoUnit.SECONDS))
        .append(' ')
        .append(String.format("%-5s", levelName(r.getLevel())))
        .append(' ')
        .append(component(r.getLoggerName()))
        .append(": ")
        .append(formatMessage(r))
        .append(System.lineSeparator());
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      sb.append(trace);
    }
    return sb.toString();
  }

  static String levelName(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) return "ERROR";
    if (v >= Level.WARNING.intValue()) return "WARN";
    if (v >= Level.INFO.intValue()) return "INFO";
    if (v >= Level.FINE.intValue()) return "DEBUG";
    return "TRACE";
  }

  static String component(String loggerName) {
    if (loggerName == null) {
      return "faultline";
    }
    if (loggerName.startsWith(OURS)) {
      String rest = loggerName.substring(OURS.length());
      int dot = rest.indexOf('.');
      return dot < 0 ? "collector" : rest.substring(0, dot);
    }
    return loggerName;
  }
}
