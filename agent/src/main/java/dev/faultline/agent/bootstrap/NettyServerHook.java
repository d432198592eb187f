package dev.faultline.agent.bootstrap;

import java.util.List;

/**
 * What the advice of Netty's {@code HttpServerCodec} calls; implemented by the agent. {@code codec} is the
 * {@code HttpServerCodec} (one per connection), the key of that connection's requests in flight.
 */
public interface NettyServerHook {

  NettyServerHook NOOP = new NettyServerHook() {
    @Override
    public void decoded(Object codec, List<?> out, int from) {}

    @Override
    public void responding(Object codec, Object response) {}
  };

  /** The codec's decoder added {@code out[from..]}: the HttpRequests among them start. */
  void decoded(Object codec, List<?> out, int from);

  /** The codec's encoder is about to write the head of {@code response} (an HttpResponse): the oldest request ends. */
  void responding(Object codec, Object response);
}
