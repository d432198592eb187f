package dev.faultline.agent.bootstrap;

/** What the advice of the logging libraries calls with each log event; implemented by the agent. */
public interface LogHook {

  LogHook NOOP = new LogHook() {
    @Override
    public void logback(Object event) {}

    @Override
    public void log4j(Object event) {}

    @Override
    public void jul(java.util.logging.LogRecord record) {}
  };

  /** A Logback {@code ILoggingEvent} on its way to the appenders. */
  void logback(Object event);

  /** A Log4j 2 {@code LogEvent} at its logger's configuration. */
  void log4j(Object event);

  /** A {@code java.util.logging} record being logged. */
  void jul(java.util.logging.LogRecord record);
}
