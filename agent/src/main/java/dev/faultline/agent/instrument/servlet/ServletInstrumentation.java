package dev.faultline.agent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
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
 * The Servlet API in both flavours: {@code javax.servlet.http.HttpServlet} and {@code jakarta.servlet.http.HttpServlet},
 * matched by exact name (no supertype walk, no compile dependency), method {@code service(ServletRequest,
 * ServletResponse)}, through which the container dispatches to every {@code HttpServlet} (its {@code doGet},
 * {@code doPost}, ... and the containers' default servlets). Forwards and includes nest and are skipped by the
 * call-depth guard; async and error dispatches are skipped by their dispatcher type.
 */
public final class ServletInstrumentation implements LibraryInstrumentation {

  private static final String ADVICE = "dev.faultline.agent.instrument.servlet.ServletAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.SERVLET;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf("javax.servlet.http.HttpServlet", "jakarta.servlet.http.HttpServlet");
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AgentBuilder.Transformer.ForAdvice()
        .include(adviceLoader)
        .advice(isPublic().and(named("service")).and(takesArguments(2))
            .and(takesArgument(0, namedOneOf("javax.servlet.ServletRequest", "jakarta.servlet.ServletRequest"))),
            ADVICE);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setServlet(new ServletTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setServlet(null);
  }
}
