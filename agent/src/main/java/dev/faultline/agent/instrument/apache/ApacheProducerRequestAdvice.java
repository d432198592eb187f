package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code sendRequest(RequestChannel, HttpContext)} of httpcore5's {@code BasicRequestProducer} (the
 * producer of {@code SimpleRequestProducer}, {@code AsyncRequestBuilder} and {@code BasicRequestProducer} requests),
 * which HttpClient 5's async clients call on the submitting thread inside {@code doExecute} to get the request they
 * will send. It is where the minimal clients ({@code createMinimal()}, {@code createHttp2Minimal()}) can be given the
 * propagation headers: their own hand-off is a lambda, a synthetic method that byte-buddy does not advise. The
 * producer is passed as it is; the tracer reads its request.
 */
public final class ApacheProducerRequestAdvice {

  private ApacheProducerRequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object producer) {
    if (CallDepth.get(CallDepth.APACHE_ASYNC_CLIENT) == 1) {
      Hooks.apacheAsyncClient().request(null, producer);
    }
  }
}
