package dev.faultline.collector.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures what the loggers under a name prefix log while open, formatted as a log file would show it. */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final Level previous;
  private final List<String> lines = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  /** @param loggerName e.g. "dev.faultline.collector" for everything the collector logs */
  public LogCapture(String loggerName) {
    logger = Logger.getLogger(loggerName);
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    lines.add(record.getLevel() + " " + formatter.formatMessage(record)
        + (record.getThrown() == null ? "" : " " + record.getThrown()));
  }

  /** Every line so far, one per record. */
  public synchronized String text() {
    return String.join("\n", lines);
  }

  /** Lines at WARNING. */
  public synchronized List<String> warnings() {
    return lines.stream().filter(l -> l.startsWith("WARNING ")).toList();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
