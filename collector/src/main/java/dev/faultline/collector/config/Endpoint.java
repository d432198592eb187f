package dev.faultline.collector.config;

import java.net.InetSocketAddress;

/**
 * A host and port to bind or connect to, written {@code host:port} ({@code [::1]:9470} for IPv6). Port 0 binds an
 * ephemeral port (tests, benchmarks).
 */
public record Endpoint(String host, int port) {

  static final String EXPECTED = "host:port such as 127.0.0.1:9470";

  public Endpoint {
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new IllegalArgumentException("not " + EXPECTED + ": '" + host + ":" + port + "'");
    }
  }

  /** Parses {@code host:port}; throws {@link IllegalArgumentException} naming the expected form. */
  public static Endpoint parse(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("not " + EXPECTED + ": '" + text + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new Endpoint(host, Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not " + EXPECTED + ": '" + text + "'");
    }
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
