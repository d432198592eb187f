package dev.faultline.agent.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
 * The JDK's HTTP URLConnection implementation, one exact type: {@code connect()} and {@code getOutputStream()}
 * start the call, {@code getInputStream()} (which {@code getResponseCode()} uses) starts or ends it.
 */
public final class UrlConnectionInstrumentation implements LibraryInstrumentation {

  private static final String PACKAGE = "dev.faultline.agent.instrument.urlconnection.";

  @Override
  public String name() {
    return InstrumentationSettings.URL_CONNECTION;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("sun.net.www.protocol.http.HttpURLConnection");
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named("sun.net.www.protocol.http.HttpURLConnection");
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(isPublic().and(named("connect").or(named("getOutputStream"))).and(takesArguments(0)),
            PACKAGE + "UrlConnectionAdvice$Start")
        .advice(isPublic().and(named("getInputStream")).and(takesArguments(0)),
            PACKAGE + "UrlConnectionAdvice$Response");
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setUrlConnection(new UrlConnectionTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setUrlConnection(null);
  }
}
