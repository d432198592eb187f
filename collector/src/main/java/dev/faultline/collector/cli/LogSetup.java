package dev.faultline.collector.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Routes java.util.logging to stderr, one line per record, at the chosen level (ours) and WARNING (libraries). */
public final class LogSetup {

  private LogSetup() {}

  /** Names accepted by {@code --log-level}. */
  public static final String LEVELS = "error, warn, info, debug, trace";

  /**
   * Installs the one-line stderr handler.
   *
   * @param level one of {@link #LEVELS}
   * @throws IllegalArgumentException for another name
   */
  public static void install(String level) {
    Level ours = parse(level);
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new ConsoleHandler(); // writes to System.err
    handler.setFormatter(new OneLineFormatter());
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.WARNING);
    Logger.getLogger("dev.faultline").setLevel(ours);
  }

  static Level parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "error": return Level.SEVERE;
      case "warn": case "warning": return Level.WARNING;
      case "info": return Level.INFO;
      case "debug": return Level.FINE;
      case "trace": return Level.FINEST;
      default: throw new IllegalArgumentException("unknown log level '" + name + "', expected one of " + LEVELS);
    }
  }
}
