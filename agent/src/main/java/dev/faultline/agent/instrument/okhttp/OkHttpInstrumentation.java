package dev.faultline.agent.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
 * OkHttp 4 and 5 ({@code okhttp3}): {@code okhttp3.internal.http.RealInterceptorChain.proceed(Request)}, which every
 * call, sync ({@code execute}) or async ({@code enqueue}, on the dispatcher's thread), starts with; the interceptors
 * call it again, nested, and the call-depth guard measures the outermost only. Per call rather than per client, so
 * clients built before the agent was installed are measured too.
 */
public final class OkHttpInstrumentation implements LibraryInstrumentation {

  private static final String ADVICE = "dev.faultline.agent.instrument.okhttp.OkHttpAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.OKHTTP;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("okhttp3.internal.http.RealInterceptorChain");
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named("okhttp3.internal.http.RealInterceptorChain");
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(isPublic().and(named("proceed")).and(takesArguments(1))
            .and(takesArgument(0, named("okhttp3.Request"))), ADVICE);
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setOkHttp(new OkHttpTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setOkHttp(null);
  }
}
