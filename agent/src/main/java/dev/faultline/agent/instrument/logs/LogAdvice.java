package dev.faultline.agent.instrument.logs;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import java.util.logging.LogRecord;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the logging libraries: JDK and bridge types only. The call-depth guard counts an event once (Log4j
 * passes it on to parent logger configurations, nested) and keeps the agent's own logging from the hook out.
 */
public final class LogAdvice {

  private LogAdvice() {}

  /** Logback {@code ch.qos.logback.classic.Logger.callAppenders(ILoggingEvent)}. */
  public static final class Logback {
    private Logback() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object event) {
      if (CallDepth.increment(CallDepth.LOGS) == 0) {
        Hooks.logs().logback(event);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      CallDepth.decrement(CallDepth.LOGS);
    }
  }

  /** Log4j 2 {@code LoggerConfig.log(LogEvent, LoggerConfigPredicate)}. */
  public static final class Log4j {
    private Log4j() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object event) {
      if (CallDepth.increment(CallDepth.LOGS) == 0) {
        Hooks.logs().log4j(event);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      CallDepth.decrement(CallDepth.LOGS);
    }
  }

  /** {@code java.util.logging.Logger.log(LogRecord)}, which every JUL logging call ends in. */
  public static final class Jul {
    private Jul() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) LogRecord record) {
      if (CallDepth.increment(CallDepth.LOGS) == 0) {
        Hooks.logs().jul(record);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      CallDepth.decrement(CallDepth.LOGS);
    }
  }
}
