package dev.faultline.agent.instrument.apache;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.agent.bootstrap.Hooks;
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
 * the clients {@code HttpAsyncClients.createDefault()/custom()/createHttp2Default()} make, matched by exact name.
 * The call is timed from submit to the completion of its {@code FutureCallback}.
 */
public final class ApacheAsyncClientInstrumentation implements LibraryInstrumentation {

  static final String CLIENT = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
  private static final String EXECUTE_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsyncExecuteAdvice";
  private static final String REQUEST_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsyncRequestAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.APACHE_ASYNC_CLIENT;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(CLIENT);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AgentBuilder.Transformer.ForAdvice()
        .include(adviceLoader)
        .advice(named("doExecute").and(takesArguments(6)), EXECUTE_ADVICE)
        .advice(named("executeImmediate").and(takesArguments(5)), REQUEST_ADVICE);
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
