package dev.faultline.agent.config;

import java.nio.file.Path;

/**
 * How the agent secures its connection to the collector: {@code tls=true}, the CA that signed the collector's
 * certificate ({@code tls-ca-file}, PEM; without it the JDK's default trust store), and for mutual TLS a client
 * certificate and its PKCS#8 PEM key ({@code tls-cert-file}, {@code tls-key-file}). The collector's host name (or
 * IP address) as written in {@code collector} must be in its certificate.
 *
 * @param caFile null for the JDK's trust store
 * @param certFile null when no client certificate is presented
 * @param keyFile null when no client certificate is presented
 */
public record TlsOptions(boolean enabled, Path caFile, Path certFile, Path keyFile) {

  /** Plain TCP (the default). */
  public static final TlsOptions OFF = new TlsOptions(false, null, null, null);

  public TlsOptions {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("tls-cert-file and tls-key-file go together");
    }
  }

  @Override
  public String toString() {
    return !enabled ? "off" : "on" + (caFile == null ? "" : " ca=" + caFile)
        + (certFile == null ? "" : " client-cert=" + certFile);
  }
}
