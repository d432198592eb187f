package dev.faultline.agent.instrument.logs;

import dev.faultline.agent.bootstrap.LogHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.reflect.PublicMethod;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The {@link LogHook} the agent registers: an ERROR (or FATAL, or SEVERE) event counts once for its message
 * template (the format string as the application wrote it, never the formatted message or its arguments) and
 * logger; its exception, if any, counts once for its type at that logger. Other levels cost one level check.
 */
final class LogTracer implements LogHook {

  /** Longer templates are cut: a template is a key, not a message. */
  static final int MAX_TEMPLATE_CHARS = 200;
  private static final int LOGBACK_ERROR = 40_000;
  private static final int LOG4J_ERROR = 200; // FATAL is 100: more severe is lower

  private static final String LOGBACK_EVENT = "ch.qos.logback.classic.spi.ILoggingEvent";
  private static final PublicMethod logbackLevel = PublicMethod.of(LOGBACK_EVENT, "getLevel");
  private static final PublicMethod logbackLevelInt = PublicMethod.of("ch.qos.logback.classic.Level", "toInt");
  private static final PublicMethod logbackMessage = PublicMethod.of(LOGBACK_EVENT, "getMessage");
  private static final PublicMethod logbackLogger = PublicMethod.of(LOGBACK_EVENT, "getLoggerName");
  private static final PublicMethod logbackThrowable = PublicMethod.of(LOGBACK_EVENT, "getThrowableProxy");
  private static final PublicMethod logbackThrowableClass =
      PublicMethod.of("ch.qos.logback.classic.spi.IThrowableProxy", "getClassName");

  private static final String LOG4J_EVENT = "org.apache.logging.log4j.core.LogEvent";
  private static final PublicMethod log4jLevel = PublicMethod.of(LOG4J_EVENT, "getLevel");
  private static final PublicMethod log4jLevelInt = PublicMethod.of("org.apache.logging.log4j.Level", "intLevel");
  private static final PublicMethod log4jMessage = PublicMethod.of(LOG4J_EVENT, "getMessage");
  private static final PublicMethod log4jFormat = PublicMethod.of("org.apache.logging.log4j.message.Message", "getFormat");
  private static final PublicMethod log4jLogger = PublicMethod.of(LOG4J_EVENT, "getLoggerName");
  private static final PublicMethod log4jThrown = PublicMethod.of(LOG4J_EVENT, "getThrown");

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;

  LogTracer(IntervalRecorder recorder, LibraryGuard guard) {
    this.recorder = recorder;
    this.guard = guard;
  }

  @Override
  public void logback(Object event) {
    if (!guard.active()) {
      return;
    }
    try {
      if (logbackLevelInt.invokeInt(logbackLevel.invoke(event)) < LOGBACK_ERROR) {
        return;
      }
      Object proxy = logbackThrowable.invoke(event);
      record((String) logbackMessage.invoke(event), (String) logbackLogger.invoke(event),
          proxy == null ? null : (String) logbackThrowableClass.invoke(proxy));
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  @Override
  public void log4j(Object event) {
    if (!guard.active()) {
      return;
    }
    try {
      if (log4jLevelInt.invokeInt(log4jLevel.invoke(event)) > LOG4J_ERROR) {
        return;
      }
      Object message = log4jMessage.invoke(event);
      Throwable thrown = (Throwable) log4jThrown.invoke(event);
      record(message == null ? null : (String) log4jFormat.invoke(message), (String) log4jLogger.invoke(event),
          thrown == null ? null : thrown.getClass().getName());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  @Override
  public void jul(LogRecord record) {
    if (!guard.active() || record == null || record.getLevel().intValue() < Level.SEVERE.intValue()) {
      return;
    }
    try {
      Throwable thrown = record.getThrown();
      record(record.getMessage(), record.getLoggerName(), thrown == null ? null : thrown.getClass().getName());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  private void record(String template, String logger, String exceptionType) {
    String source = logger == null ? "" : logger;
    recorder.errorLog(template(template), source);
    if (exceptionType != null) {
      recorder.exception(exceptionType, source);
    }
  }

  /** The template as a key: "" for none, cut at {@value #MAX_TEMPLATE_CHARS} characters. Visible for testing. */
  static String template(String raw) {
    if (raw == null) {
      return "";
    }
    return raw.length() <= MAX_TEMPLATE_CHARS ? raw : raw.substring(0, MAX_TEMPLATE_CHARS);
  }
}
