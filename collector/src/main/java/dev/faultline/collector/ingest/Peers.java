package dev.faultline.collector.ingest;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How log lines and rejection counts name the other end of a connection. */
final class Peers {

  private Peers() {}

  /** {@code host:port}. */
  static String describe(Channel channel) {
    SocketAddress a = channel.remoteAddress();
    return a == null ? "unknown peer" : a.toString().replaceFirst("^/", "");
  }

  /** The host only: rejections are logged once per host, whatever its source ports. */
  static String host(Channel channel) {
    SocketAddress a = channel.remoteAddress();
    return a instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(a);
  }
}
