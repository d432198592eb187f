package dev.faultline.agent.instrument.httpserver;

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
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code com.sun.net.httpserver.Filter$Chain.doFilter(HttpExchange)}: every request passes through it (the server
 * wraps the user filters and the handler in chains), so one exact type and method cover any handler. Nested
 * chains are skipped by the call-depth guard.
 */
public final class HttpServerInstrumentation implements LibraryInstrumentation {

  private static final String ADVICE = "dev.faultline.agent.instrument.httpserver.HttpServerAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.HTTP_SERVER;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("com.sun.net.httpserver.Filter$Chain");
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named("com.sun.net.httpserver.Filter$Chain");
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(named("doFilter").and(takesArguments(1))
            .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))), ADVICE);
  }

  /** Opens the JDK server's header map to the agent: propagation headers by lookup, see {@link RequestHeaderMaps}. */
  @Override
  public void prepare(Instrumentation instrumentation) {
    RequestHeaderMaps.open(instrumentation);
  }

  /** The chain class loads with the first request; the server's implementation class once a server exists. */
  @Override
  public FirstUse firstUse() {
    return new FirstUse("sun.net.httpserver.ServerImpl", List.of("com.sun.net.httpserver.Filter$Chain"),
        HttpServerTracer::warmUp);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setHttpServer(new HttpServerTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setHttpServer(null);
  }
}
