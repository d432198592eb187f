package dev.faultline.agent.instrument.apache;

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
 * Apache HttpClient 5 async ({@code org.apache.hc.client5.http.impl.async}): every {@code execute} overload of
 * {@code CloseableHttpAsyncClient} ends in {@code doExecute} of {@code InternalAbstractHttpAsyncClient}, the base of
 * the clients {@code HttpAsyncClients.createDefault()/custom()/createHttp2Default()} make; and HttpAsyncClient 4
 * ({@code org.apache.http.impl.nio.client}), whose single calls end in {@code execute(producer, consumer, context,
 * callback)} of {@code InternalHttpAsyncClient} ({@code HttpAsyncClients.createDefault()/custom()}). The minimal
 * clients ({@code createMinimal()}, {@code createHttp2Minimal()}) go other ways: HttpClient 5's through
 * {@code AbstractMinimalHttpAsyncClientBase.doExecute}, whose request is taken from httpcore5's
 * {@code BasicRequestProducer.sendRequest} on the submitting thread (requests of other producers go out without
 * headers but are still measured); HttpAsyncClient 4's through {@code MinimalHttpAsyncClient.execute}, whose exchange
 * handler sets its request through {@code AbstractClientExchangeHandler.setCurrentRequest}. Matched by exact name. The call is timed from submit to
 * the completion of its {@code FutureCallback}.
 */
public final class ApacheAsyncClientInstrumentation implements LibraryInstrumentation {

  static final String CLIENT = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
  static final String MINIMAL_BASE = "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase";
  static final String PRODUCER = "org.apache.hc.core5.http.nio.support.BasicRequestProducer";
  static final String CLIENT_4 = "org.apache.http.impl.nio.client.InternalHttpAsyncClient";
  static final String MINIMAL_4 = "org.apache.http.impl.nio.client.MinimalHttpAsyncClient";
  static final String EXEC_4 = "org.apache.http.impl.nio.client.MainClientExec";
  static final String HANDLER_4 = "org.apache.http.impl.nio.client.AbstractClientExchangeHandler";
  private static final String[] TYPES = {CLIENT, MINIMAL_BASE, PRODUCER, CLIENT_4, MINIMAL_4, EXEC_4, HANDLER_4};
  private static final String EXECUTE_4_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsync4ExecuteAdvice";
  private static final String REQUEST_4_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsync4RequestAdvice";
  private static final String EXECUTE_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsyncExecuteAdvice";
  private static final String REQUEST_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsyncRequestAdvice";
  private static final String PRODUCER_REQUEST_ADVICE =
      "dev.faultline.agent.instrument.apache.ApacheProducerRequestAdvice";
  private static final String MINIMAL_4_REQUEST_ADVICE =
      "dev.faultline.agent.instrument.apache.ApacheMinimal4RequestAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.APACHE_ASYNC_CLIENT;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(TYPES);
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(TYPES);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(named("doExecute").and(takesArguments(6)), EXECUTE_ADVICE)
        .advice(named("executeImmediate").and(takesArguments(5)), REQUEST_ADVICE)
        .advice(named("execute").and(takesArguments(4))
            .and(takesArgument(3, named("org.apache.http.concurrent.FutureCallback"))), EXECUTE_4_ADVICE)
        .advice(named("prepare").and(takesArguments(4))
            .and(takesArgument(1, named("org.apache.http.HttpRequest"))), REQUEST_4_ADVICE)
        .advice(named("sendRequest").and(takesArguments(2))
            .and(takesArgument(0, named("org.apache.hc.core5.http.nio.RequestChannel"))), PRODUCER_REQUEST_ADVICE)
        .advice(named("setCurrentRequest").and(takesArguments(1))
            .and(takesArgument(0, named("org.apache.http.client.methods.HttpRequestWrapper"))),
            MINIMAL_4_REQUEST_ADVICE);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setApacheAsyncClient(new ApacheAsyncClientTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setApacheAsyncClient(null);
  }
}
