package dev.faultline.agent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
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
 * The Servlet API in both flavours ({@code javax.servlet}, {@code jakarta.servlet}; no compile dependency):
 * {@code HttpServlet.service(ServletRequest, ServletResponse)}, matched by exact name, through which the container
 * dispatches to every {@code HttpServlet} (its {@code doGet}, {@code doPost}, ... and the containers' default
 * servlets), and {@code doFilter(ServletRequest, ServletResponse, FilterChain)} of every class implementing
 * {@code Filter} (a supertype walk), so that a request answered by a filter is measured too and a filtered one is
 * timed from its first filter. One call-depth counter covers both: only the outermost call of a request counts.
 * Forwards and includes nest and are skipped by the call-depth guard; async and error dispatches are skipped by
 * their dispatcher type, and an async request is recorded when its context completes ({@link AsyncCompletion}).
 */
public final class ServletInstrumentation implements LibraryInstrumentation {

  private static final String ADVICE = "dev.faultline.agent.instrument.servlet.ServletAdvice";
  private static final String[] HTTP_SERVLETS = {"javax.servlet.http.HttpServlet", "jakarta.servlet.http.HttpServlet"};
  private static final String[] FILTERS = {"javax.servlet.Filter", "jakarta.servlet.Filter"};
  private static final String[] REQUESTS = {"javax.servlet.ServletRequest", "jakarta.servlet.ServletRequest"};
  private static final String[] RESPONSES = {"javax.servlet.ServletResponse", "jakarta.servlet.ServletResponse"};

  @Override
  public String name() {
    return InstrumentationSettings.SERVLET;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    // HttpServlet by name (free); filters by a supertype walk, after a name check that rules out the JDK.
    return namedOneOf(HTTP_SERVLETS).or(not(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))
        .or(nameStartsWith("com.sun.")))
        .and(not(isInterface()))
        .and(hasSuperType(namedOneOf(FILTERS))));
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(HTTP_SERVLETS).or(ClassCandidates.subtypesDeclaring(FILTERS, "doFilter"));
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(isDeclaredBy(namedOneOf(HTTP_SERVLETS)).and(isPublic()).and(named("service")).and(takesArguments(2))
            .and(takesArgument(0, namedOneOf(REQUESTS))), ADVICE)
        .advice(isPublic().and(not(isAbstract())).and(named("doFilter")).and(takesArguments(3))
            .and(takesArgument(0, namedOneOf(REQUESTS))).and(takesArgument(1, namedOneOf(RESPONSES))), ADVICE);
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
