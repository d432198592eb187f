package dev.faultline.agent.net;

import dev.faultline.agent.config.TlsOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * The agent's TLS client context: JDK provider (no native library), TLS 1.3 and 1.2, the collector's certificate
 * checked against {@code tls-ca-file} (or the JDK's trust store) and against the host name the agent connects to.
 */
public final class ClientTls {

  private ClientTls() {}

  /**
   * @return null when TLS is off
   * @throws SSLException when a file cannot be used (the message names it)
   */
  public static SslContext context(TlsOptions options) throws SSLException {
    if (!options.enabled()) {
      return null;
    }
    SslContextBuilder b = SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3", "TLSv1.2")
        .endpointIdentificationAlgorithm("HTTPS");
    try {
      if (options.caFile() != null) {
        b.trustManager(options.caFile().toFile());
      }
      if (options.certFile() != null) {
        b.keyManager(options.certFile().toFile(), options.keyFile().toFile());
      }
    } catch (IllegalArgumentException e) {
      throw new SSLException("cannot use the TLS files " + options + ": " + e.getMessage(), e);
    }
    return b.build();
  }
}
