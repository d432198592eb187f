package dev.faultline.collector.security;

import java.util.Locale;

/** {@code client-auth}: whether a TLS port asks connecting clients for a certificate signed by the client CA. */
public enum ClientAuth {
  /** No client certificate is asked for (the default). */
  NONE,
  /** A client certificate is asked for and verified when given; clients without one are still admitted. */
  OPTIONAL,
  /** Mutual TLS: a client without a certificate signed by {@code client-ca-file} fails the TLS handshake. */
  REQUIRE;

  static final String EXPECTED = "none, optional or require";

  static ClientAuth parse(String v) {
    return valueOf(v.strip().toUpperCase(Locale.ROOT));
  }

  io.netty.handler.ssl.ClientAuth netty() {
    return switch (this) {
      case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
      case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
      case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
