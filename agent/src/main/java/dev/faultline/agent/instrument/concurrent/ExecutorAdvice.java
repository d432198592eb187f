package dev.faultline.agent.instrument.concurrent;

import dev.faultline.agent.bootstrap.ContextRunnable;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code execute(Runnable)}: replaces the task by one carrying the current context. */
public final class ExecutorAdvice {

  private ExecutorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = ContextRunnable.wrap(task);
  }
}
