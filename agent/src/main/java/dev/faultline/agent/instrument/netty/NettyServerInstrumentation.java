package dev.faultline.agent.instrument.netty;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
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
 * The application's own Netty 4.1/4.2 HTTP server codec ({@code io.netty.handler.codec.http.HttpServerCodec}; the
 * agent's relocated Netty is ignored by name): its inner request decoder ({@code decode}) starts requests, its
 * inner response encoder ({@code isContentAlwaysEmpty(HttpResponse)}, called once per response head before the
 * headers are written) ends the oldest one. Both reach their codec through the synthetic {@code this$0}. Names
 * are built at run time (see {@link NettyApi#HTTP}).
 */
public final class NettyServerInstrumentation implements LibraryInstrumentation {

  private static final String CODEC = NettyApi.HTTP + "HttpServerCodec";
  private static final String ADVICE = "dev.faultline.agent.instrument.netty.NettyServerAdvice";

  @Override
  public String name() {
    return InstrumentationSettings.NETTY;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(CODEC + "$HttpServerRequestDecoder", CODEC + "$HttpServerResponseEncoder");
  }

  @Override
  public ClassCandidates candidates() {
    return ClassCandidates.named(CODEC + "$HttpServerRequestDecoder", CODEC + "$HttpServerResponseEncoder");
  }

  @Override
  public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
    return new AdviceTransformer(adviceLoader)
        .advice(named("decode").and(takesArguments(3)).and(takesArgument(2, java.util.List.class)),
            ADVICE + "$Decode")
        .advice(named("isContentAlwaysEmpty").and(not(isBridge()))
            .and(takesArgument(0, named(NettyApi.HTTP + "HttpResponse"))), ADVICE + "$Respond");
  }

  @Override
  public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {
    Hooks.setNettyServer(new NettyServerTracer(recorder, guard, settings.service()));
  }

  @Override
  public void unregisterHook() {
    Hooks.setNettyServer(null);
  }
}
