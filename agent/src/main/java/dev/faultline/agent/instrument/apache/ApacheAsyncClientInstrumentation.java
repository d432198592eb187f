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
 * callback)} of {@code InternalHttpAsyncClient} ({@code HttpAsyncClients.createDefault()/custom()}). Matched by
 * exact name. The call is timed from submit to the completion of its {@code FutureCallback}.
 */
public final class ApacheAsyncClientInstrumentation implements LibraryInstrumentation {

  static final String CLIENT = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
  static final String CLIENT_4 = "org.apache.http.impl.nio.client.InternalHttpAsyncClient";
  static final String EXEC_4 = "org.apache.http.impl.nio.client.MainClientExec";
  private static final String EXECUTE_4_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsync4ExecuteAdvice";
  private static final String REQUEST_4_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsync4RequestAdvice";
  private static final String EXECUTE_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsyncExecuteAdvice";
  private static final String REQUEST_ADVICE = "dev.faultline.agent.instrument.apache.ApacheAsyncRequestAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.APACHE_ASYNC_CLIENT;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(CLIENT, CLIENT_4, EXEC_4);
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(CLIENT, CLIENT_4, EXEC_4);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(named("doExecute").and(takesArguments(6)), EXECUTE_ADVICE)
        .advice(named("executeImmediate").and(takesArguments(5)), REQUEST_ADVICE)
        .advice(named("execute").and(takesArguments(4))
            .and(takesArgument(3, named("org.apache.http.concurrent.FutureCallback"))), EXECUTE_4_ADVICE)
        .advice(named("prepare").and(takesArguments(4))
            .and(takesArgument(1, named("org.apache.http.HttpRequest"))), REQUEST_4_ADVICE);
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
