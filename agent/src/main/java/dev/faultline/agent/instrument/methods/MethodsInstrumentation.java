package dev.faultline.agent.instrument.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameMatches;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.instrument.AdviceTransformer;
import dev.faultline.agent.instrument.ClassCandidates;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.LibraryInstrumentation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Methods chosen by configuration ({@code instrumentation.methods}, {@link MethodPattern}s): types are matched by
 * name only (a regular expression per pattern), methods by name within the types of their own pattern; abstract,
 * native, synthetic and bridge methods and constructors are left alone.
 */
public final class MethodsInstrumentation implements LibraryInstrumentation {

  private static final String ADVICE = "dev.faultline.agent.instrument.methods.MethodAdvice";

  private final List<MethodPattern> patterns;

  public MethodsInstrumentation(List<MethodPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  @Override
  public String name() {
    return InstrumentationSettings.METHODS;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    ElementMatcher.Junction<TypeDescription> types = none();
    for (MethodPattern pattern : patterns) {
      types = types.or(nameMatches(pattern.classRegex()));
    }
    return types;
  }

  @Override
  public ClassCandidates candidates() {
    ClassCandidates candidates = ClassCandidates.named();
    for (MethodPattern pattern : patterns) {
      candidates = candidates.or(ClassCandidates.nameMatching(pattern.classRegex()));
    }
    return candidates;
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    ElementMatcher.Junction<MethodDescription> methods = none();
    for (MethodPattern pattern : patterns) {
      methods = methods.or(isDeclaredBy(nameMatches(pattern.classRegex()))
          .and(nameMatches(pattern.methodRegex())));
    }
    return new AdviceTransformer(adviceLoader)
        .advice(isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isSynthetic()))
            .and(not(isBridge())).and(methods), ADVICE);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setMethod(new MethodTracer(recorder, guard));
  }

  @Override
  public void unregisterHook() {
    Hooks.setMethod(null);
  }
}
