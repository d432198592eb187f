package dev.faultline.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
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
 * Driver classes implementing {@code java.sql.Statement} ({@code execute*}) and {@code java.sql.Connection}
 * ({@code prepareStatement/prepareCall}, to learn a prepared statement's operation). Drivers are not known by name,
 * so the type matcher checks the supertypes of concrete classes; pools wrapping a driver's statement are measured
 * once, at the outermost call, by the call-depth guard.
 */
public final class JdbcInstrumentation implements LibraryInstrumentation {

  private static final String PACKAGE = "dev.faultline.agent.instrument.jdbc.";
  private static final String[] EXECUTE = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate"};
  private static final String[] EXECUTE_PREPARED = {
      "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch"};
  private static final String[] SUPERTYPES = {"java.sql.Statement", "java.sql.Connection"};
  private static final String[] PREPARE = {"prepareStatement", "prepareCall"};
  /** Every method the advice applies to: a class that names none of them has nothing to instrument. */
  private static final String[] JDBC_METHODS = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
      "executeBatch", "executeLargeBatch", "prepareStatement", "prepareCall"};

  @Override
  public String name() {
    return InstrumentationSettings.JDBC;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    // Names first (free), then the supertype walk, which parses the class and its supertypes.
    return not(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun.")).or(nameStartsWith("org.junit.")))
        .and(not(isInterface()))
        .and(hasSuperType(namedOneOf(SUPERTYPES)));
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.subtypesDeclaring(SUPERTYPES, JDBC_METHODS);
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(isPublic().and(namedOneOf(EXECUTE)).and(takesArgument(0, String.class)),
            PACKAGE + "JdbcAdvice$Execute")
        .advice(isPublic().and(namedOneOf(EXECUTE_PREPARED)).and(takesArguments(0)),
            PACKAGE + "JdbcAdvice$ExecutePrepared")
        .advice(isPublic().and(namedOneOf(PREPARE)).and(takesArgument(0, String.class)),
            PACKAGE + "JdbcAdvice$Prepare");
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setJdbc(new JdbcTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setJdbc(null);
  }
}
