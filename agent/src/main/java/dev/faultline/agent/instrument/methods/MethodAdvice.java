package dev.faultline.agent.instrument.methods;

import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every method chosen by configuration: JDK and bridge types only. The name is a constant byte-buddy
 * writes into the method ({@code #t.#m}: declaring type and method name), so nothing is looked up per call.
 */
public final class MethodAdvice {

  private MethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return System.nanoTime();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Origin("#t.#m") String name, @Advice.Enter long startNanos,
      @Advice.Thrown Throwable thrown) {
    Hooks.method().exit(name, startNanos, thrown);
  }
}
