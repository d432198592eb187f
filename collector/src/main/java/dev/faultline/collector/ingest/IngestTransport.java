package dev.faultline.collector.ingest;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;

/**
 * Which of Netty's socket transports the ingest server runs on ({@code ingest.transport}). Linux's native epoll
 * transport reads sockets without the JDK's selector and {@code SocketChannel} layers; the collector jar carries
 * its library for x86_64 Linux. Everywhere else, or when the library does not load, ingest runs on NIO.
 */
public enum IngestTransport {
  /** Native epoll where it loads, NIO otherwise (the default). */
  AUTO,
  /** The JDK's NIO selector everywhere: rules the native transport out. */
  NIO;

  public static final String EXPECTED = "auto or nio";

  public static IngestTransport parse(String v) {
    return valueOf(v.trim().toUpperCase(Locale.ROOT));
  }

  /** Whether this choice runs on native epoll on this machine. */
  public boolean nativeEpoll() {
    return this == AUTO && Epoll.isAvailable();
  }

  IoHandlerFactory ioHandlerFactory() {
    return nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  Class<? extends ServerChannel> serverChannel() {
    return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** What the log says: the transport actually in use. */
  String describe() {
    return nativeEpoll() ? "epoll" : "nio";
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
