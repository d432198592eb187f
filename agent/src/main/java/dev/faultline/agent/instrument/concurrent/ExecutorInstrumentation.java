package dev.faultline.agent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.agent.bootstrap.ContextRunnable;
import dev.faultline.agent.bootstrap.ThreadPools;
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
 * Three exact JDK types, one method each: {@code execute(Runnable)}. Subclasses that override {@code execute}
 * without calling it (ScheduledThreadPoolExecutor) are not covered.
 */
public final class ExecutorInstrumentation implements LibraryInstrumentation {

  private static final String[] EXECUTORS = {"java.util.concurrent.ThreadPoolExecutor",
      "java.util.concurrent.ForkJoinPool", "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor"};
  private static final String ADVICE = "dev.faultline.agent.instrument.concurrent.ExecutorAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.EXECUTOR;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(EXECUTORS);
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(EXECUTORS);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(named("execute").and(takesArguments(1)).and(takesArgument(0, Runnable.class)), ADVICE);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    ContextRunnable.setEnabled(true);
    ThreadPools.setEnabled(true);
  }

  @Override
  public void unregisterHook() {
    ContextRunnable.setEnabled(false);
    ThreadPools.setEnabled(false);
  }
}
