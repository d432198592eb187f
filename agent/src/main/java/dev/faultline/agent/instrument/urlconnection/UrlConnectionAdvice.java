package dev.faultline.agent.instrument.urlconnection;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code sun.net.www.protocol.http.HttpURLConnection}: JDK and bridge types only. */
public final class UrlConnectionAdvice {

  private UrlConnectionAdvice() {}

  /** {@code connect()} and {@code getOutputStream()}: start the call; an exception ends it as failed. */
  public static final class Start {
    private Start() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object connection, @Advice.FieldValue("connected") boolean connected) {
      if (CallDepth.increment(CallDepth.URL_CONNECTION) == 0) {
        Hooks.urlConnection().enter(connection, connected);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.FieldValue("responseCode") int responseCode,
        @Advice.Thrown Throwable thrown) {
      if (CallDepth.decrement(CallDepth.URL_CONNECTION) == 0) {
        Hooks.urlConnection().exit(connection, responseCode, thrown, false);
      }
    }
  }

  /** {@code getInputStream()}: start the call if not started, end it with the response code. */
  public static final class Response {
    private Response() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object connection, @Advice.FieldValue("connected") boolean connected) {
      if (CallDepth.increment(CallDepth.URL_CONNECTION) == 0) {
        Hooks.urlConnection().enter(connection, connected);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.FieldValue("responseCode") int responseCode,
        @Advice.Thrown Throwable thrown) {
      if (CallDepth.decrement(CallDepth.URL_CONNECTION) == 0) {
        Hooks.urlConnection().exit(connection, responseCode, thrown, true);
      }
    }
  }
}
