package dev.faultline.agent.instrument.apache;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
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
 * Apache HttpClient 4 ({@code org.apache.http}) and 5 classic ({@code org.apache.hc.client5}): every
 * {@code execute} overload of {@code CloseableHttpClient} ends in {@code doExecute(HttpHost, request,
 * HttpContext)} of the concrete clients the builders make, matched by exact name. Wrapping clients nest and are
 * measured once by the call-depth guard.
 */
public final class ApacheHttpClientInstrumentation implements LibraryInstrumentation {

  private static final String[] CLIENTS = {
      "org.apache.http.impl.client.InternalHttpClient",
      "org.apache.http.impl.client.MinimalHttpClient",
      "org.apache.http.impl.client.AbstractHttpClient",
      "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
      "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"};
  private static final String ADVICE = "dev.faultline.agent.instrument.apache.ApacheHttpClientAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.APACHE_HTTP_CLIENT;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(CLIENTS);
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(CLIENTS);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(named("doExecute").and(takesArguments(3)).and(not(isAbstract())), ADVICE);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setApacheHttpClient(new ApacheHttpClientTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setApacheHttpClient(null);
  }
}
