package dev.faultline.collector.security;

import dev.faultline.collector.config.ConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * TLS of one port ({@code security.ingest-tls} or {@code security.query-tls}), from PEM files:
 *
 * <pre>
 * cert-file: /etc/faultline/tls/collector.crt      # the server certificate chain, PEM, leaf first
 * key-file: /etc/faultline/tls/collector.key       # its private key, PEM, PKCS#8 unencrypted ("BEGIN PRIVATE KEY")
 * client-ca-file: /etc/faultline/tls/clients.crt   # CA certificates that sign client certificates (mutual TLS)
 * client-auth: require                             # none (default), optional, require; optional/require need the CA
 * </pre>
 *
 * Uses the JDK's TLS provider (no native library), TLS 1.3 and 1.2 only.
 *
 * @param clientCaFile null when no client certificates are verified
 */
public record TlsSettings(String key, Path certFile, Path keyFile, Path clientCaFile, ClientAuth clientAuth) {

  static final List<String> KEYS = List.of("cert-file", "key-file", "client-ca-file", "client-auth");
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /**
   * Binds one TLS section.
   *
   * @param key e.g. {@code security.ingest-tls}
   * @throws ConfigException naming the key when a key is unknown, missing or invalid
   */
  static TlsSettings fromMap(String key, Map<String, ?> map) {
    for (String k : map.keySet()) {
      if (!KEYS.contains(k)) {
        throw ConfigException.unknownKey(key + "." + k, String.join(", ", KEYS));
      }
    }
    Path cert = path(key, map, "cert-file", true);
    Path privateKey = path(key, map, "key-file", true);
    Path ca = path(key, map, "client-ca-file", false);
    ClientAuth auth = ca == null ? ClientAuth.NONE : ClientAuth.REQUIRE;
    Object mode = map.get("client-auth");
    if (mode != null) {
      try {
        auth = ClientAuth.parse(String.valueOf(mode));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(key + ".client-auth", String.valueOf(mode), ClientAuth.EXPECTED);
      }
    }
    if (auth != ClientAuth.NONE && ca == null) {
      throw ConfigException.of(key + ".client-auth", auth + " needs client-ca-file: the CA that signs client"
          + " certificates");
    }
    return new TlsSettings(key, cert, privateKey, ca, auth);
  }

  /**
   * Builds the server context, reading and checking every file now so that a bad file fails at start-up (and in
   * {@code run --check-config}) with the key that names it.
   *
   * @throws ConfigException naming the key of the file at fault
   */
  public SslContext serverContext() {
    readable(key + ".cert-file", certFile);
    readable(key + ".key-file", keyFile);
    int certificates = countCertificates(key + ".cert-file", certFile);
    if (certificates == 0) {
      throw ConfigException.of(key + ".cert-file", certFile + " holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    SslContextBuilder builder;
    try {
      builder = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile());
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(key + ".key-file", keyFile + " is not a usable PEM private key matching "
          + certFile + " (expected PKCS#8, BEGIN PRIVATE KEY; convert with `openssl pkcs8 -topk8 -nocrypt`): "
          + rootMessage(e));
    }
    try {
      if (!KeyPairCheck.matches(certFile, keyFile)) {
        throw ConfigException.of(key + ".key-file", keyFile + " is not the private key of the certificate in "
            + certFile);
      }
    } catch (IOException e) {
      throw ConfigException.of(key + ".key-file", "cannot read " + keyFile + ": " + e.getMessage());
    }
    if (clientCaFile != null) {
      readable(key + ".client-ca-file", clientCaFile);
      if (countCertificates(key + ".client-ca-file", clientCaFile) == 0) {
        throw ConfigException.of(key + ".client-ca-file", clientCaFile + " holds no PEM certificate");
      }
      builder.trustManager(clientCaFile.toFile());
    }
    builder.sslProvider(SslProvider.JDK).protocols(PROTOCOLS).clientAuth(clientAuth.netty());
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw ConfigException.of(key + ".key-file", "cannot use " + certFile + " with " + keyFile + ": "
          + rootMessage(e));
    }
  }

  @Override
  public String toString() {
    return "cert " + certFile + ", client-auth " + clientAuth;
  }

  private static Path path(String section, Map<String, ?> map, String name, boolean required) {
    Object v = map.get(name);
    if (v == null || String.valueOf(v).isBlank()) {
      if (required) {
        throw ConfigException.of(section + "." + name, "missing: TLS needs cert-file and key-file (PEM)");
      }
      return null;
    }
    return Path.of(String.valueOf(v).strip());
  }

  private static void readable(String key, Path file) {
    if (!Files.exists(file)) {
      throw ConfigException.of(key, "file " + file + " does not exist");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw ConfigException.of(key, "file " + file + " is not a readable file for this user");
    }
  }

  private static int countCertificates(String key, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).size();
    } catch (CertificateException e) {
      throw ConfigException.of(key, file + " is not a PEM certificate file: " + rootMessage(e));
    } catch (IOException e) {
      throw ConfigException.of(key, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
