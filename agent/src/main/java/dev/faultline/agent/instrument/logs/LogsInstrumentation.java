package dev.faultline.agent.instrument.logs;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.instrument.AdviceTransformer;
import dev.faultline.agent.instrument.ClassCandidates;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.LibraryInstrumentation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ERROR-level log events, at the one method each logging library passes every enabled event through: Logback's
 * {@code Logger.callAppenders(ILoggingEvent)}, Log4j 2's {@code LoggerConfig.log(LogEvent, LoggerConfigPredicate)}
 * and {@code java.util.logging.Logger.log(LogRecord)}; exact names, no compile dependency on Logback or Log4j.
 */
public final class LogsInstrumentation implements LibraryInstrumentation {

  private static final String LOGBACK = "ch.qos.logback.classic.Logger";
  private static final String LOG4J = "org.apache.logging.log4j.core.config.LoggerConfig";
  private static final String JUL = "java.util.logging.Logger";
  private static final String ADVICE = "dev.faultline.agent.instrument.logs.LogAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.LOGS;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(LOGBACK, LOG4J, JUL);
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(LOGBACK, LOG4J, JUL);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(isDeclaredBy(named(LOGBACK)).and(named("callAppenders")).and(takesArguments(1)), ADVICE + "$Logback")
        .advice(isDeclaredBy(named(LOG4J)).and(named("log")).and(takesArguments(2))
            .and(takesArgument(0, named("org.apache.logging.log4j.core.LogEvent"))), ADVICE + "$Log4j")
        .advice(isDeclaredBy(named(JUL)).and(named("log")).and(takesArguments(1))
            .and(takesArgument(0, named("java.util.logging.LogRecord"))), ADVICE + "$Jul");
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setLogs(new LogTracer(recorder, guard));
  }

  @Override
  public void unregisterHook() {
    Hooks.setLogs(null);
  }
}
