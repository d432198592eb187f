package dev.faultline.agent.instrument.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.instrument.AdviceTransformer;
import dev.faultline.agent.instrument.ClassCandidates;
import dev.faultline.agent.instrument.FirstUse;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.LibraryInstrumentation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jdk.internal.net.http.HttpClientImpl.sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)}
 * (JDK 11 to 21): the single funnel of synchronous and asynchronous sends. If a JDK renames it, nothing matches
 * and the library simply records nothing.
 */
public final class HttpClientInstrumentation implements LibraryInstrumentation {

  private static final String ADVICE = "dev.faultline.agent.instrument.httpclient.HttpClientAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.HTTP_CLIENT;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("jdk.internal.net.http.HttpClientImpl");
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named("jdk.internal.net.http.HttpClientImpl");
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(isPrivate().and(named("sendAsync")).and(takesArguments(4))
            .and(takesArgument(0, named("java.net.http.HttpRequest"))), ADVICE);
  }

  /** The client's implementation class loads as the application builds a client, before its first call. */
  @Override
  public FirstUse firstUse() {
    return new FirstUse("jdk.internal.net.http.HttpClientImpl", List.of(), HttpClientTracer::warmUp);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setHttpClient(new HttpClientTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setHttpClient(null);
  }
}
