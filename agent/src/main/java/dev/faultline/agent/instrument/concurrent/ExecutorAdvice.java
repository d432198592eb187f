package dev.faultline.agent.instrument.concurrent;

import dev.faultline.agent.bootstrap.ContextRunnable;
import dev.faultline.agent.bootstrap.ThreadPools;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code execute(Runnable)}: remembers a thread pool for its busy ratio, and replaces the task by one
 * carrying the current context.
 */
public final class ExecutorAdvice {

  private ExecutorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object executor,
      @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    ThreadPools.seen(executor);
    task = ContextRunnable.wrap(task);
  }
}
