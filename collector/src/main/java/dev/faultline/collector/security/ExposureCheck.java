package dev.faultline.collector.security;

import java.net.InetSocketAddress;

/**
 * Whether a port is reachable from other hosts without protection: bound to a non-loopback address (a wildcard
 * address included) without TLS or without tokens. The collector logs the warning at start; binding stays the
 * operator's decision (a private network may be enough).
 */
public final class ExposureCheck {

  private ExposureCheck() {}

  /**
   * The warning for {@code port} bound at {@code bound}, or null when it is on loopback or fully protected.
   *
   * @param what e.g. "query port (query.address)"
   * @param tlsKey the config key that would add TLS
   * @param tokenKey the config key that would add tokens
   */
  public static String warning(String what, InetSocketAddress bound, boolean tls, boolean tokens, String tlsKey,
      String tokenKey) {
    if (bound.getAddress() != null && bound.getAddress().isLoopbackAddress()) {
      return null;
    }
    if (tls && tokens) {
      return null;
    }
    String missing = !tls && !tokens ? "without TLS and without tokens" : !tls ? "without TLS" : "without tokens";
    String fix = !tls && !tokens ? "configure " + tlsKey + " and " + tokenKey : !tls ? "configure " + tlsKey
        : "configure " + tokenKey;
    String host = bound.getAddress().getHostAddress();
    return "the " + what + " listens on " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + bound.getPort()
        + ", reachable from other hosts, " + missing + ": " + (tokens ? "tokens cross the network in clear text"
        : "anyone who can connect is admitted") + "; " + fix + " (see SECURITY.md) or bind to 127.0.0.1";
  }
}
