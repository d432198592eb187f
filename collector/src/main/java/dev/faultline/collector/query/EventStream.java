package dev.faultline.collector.query;

import io.netty.channel.ChannelHandlerContext;

/** A path served as a server-sent event stream: the stream takes over the connection. */
public interface EventStream {

  /**
   * Writes the response head and keeps {@code ctx}'s channel to send events on; returns false (and writes
   * nothing) when it cannot take another subscriber, which the server answers with 503.
   */
  boolean subscribe(ChannelHandlerContext ctx);
}
