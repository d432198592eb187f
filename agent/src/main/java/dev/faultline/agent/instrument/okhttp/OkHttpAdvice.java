package dev.faultline.agent.instrument.okhttp;

import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of the constructor {@code OkHttpClient(OkHttpClient.Builder)}, which every client goes
 * through ({@code new OkHttpClient()} and {@code Builder.build()}), before it copies the builder's interceptors:
 * JDK and bridge types only; the builder is not touched through {@code this}.
 */
public final class OkHttpAdvice {

  private OkHttpAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object builder) {
    Hooks.okHttp().enter(builder, null);
  }
}
