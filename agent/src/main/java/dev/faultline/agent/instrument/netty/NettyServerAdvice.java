package dev.faultline.agent.instrument.netty;

import dev.faultline.agent.bootstrap.Hooks;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** Inlined into the inner decoder and encoder of Netty's {@code HttpServerCodec}: JDK and bridge types only. */
public final class NettyServerAdvice {

  private NettyServerAdvice() {}

  /** {@code HttpServerRequestDecoder.decode(ctx, buffer, out)}: requests decoded into {@code out}. */
  public static final class Decode {
    private Decode() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static int enter(@Advice.Argument(2) List<?> out) {
      return out.size();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("this$0") Object codec, @Advice.Argument(2) List<?> out,
        @Advice.Enter int from) {
      if (out.size() > from) {
        Hooks.nettyServer().decoded(codec, out, from);
      }
    }
  }

  /** {@code HttpServerResponseEncoder.isContentAlwaysEmpty(HttpResponse)}: a response head is being encoded. */
  public static final class Respond {
    private Respond() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("this$0") Object codec, @Advice.Argument(0) Object response) {
      Hooks.nettyServer().responding(codec, response);
    }
  }
}
