package dev.faultline.collector.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates for tests, made at test time in a temporary directory (no key is ever committed): a CA,
 * and certificates it signs for 127.0.0.1 / localhost, written as PEM (certificate) and PKCS#8 PEM (key), the
 * files the collector's {@code security:} section and the agent's {@code tls-*} options take. EC P-256 keys:
 * generated in milliseconds.
 *
 * <pre>{@code
 * TestPki ca = TestPki.authority(dir, "test-ca");
 * TestPki.Issued server = ca.issue("collector");
 * TestPki.Issued client = ca.issue("agent");
 * }</pre>
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final Path dir;
  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path certFile;

  private TestPki(Path dir, String name, KeyPair keys, X509Certificate certificate) {
    this.dir = dir;
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
    this.certFile = write(dir.resolve(name + ".crt"), pem("CERTIFICATE", encoded(certificate)));
  }

  /** A certificate and its key, as files. */
  public record Issued(Path certFile, Path keyFile) {}

  /** A new self-signed CA whose certificate is written to {@code dir/name.crt}. */
  public static TestPki authority(Path dir, String name) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    try {
      X509v3CertificateBuilder b = builder(subject, subject, keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new TestPki(dir, name, keys, sign(b, keys));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA certificate file (what a client's trust file or the collector's client-ca-file names). */
  public Path certFile() {
    return certFile;
  }

  /**
   * Issues a certificate for {@code cn}, valid for server and client use, with 127.0.0.1 and localhost as subject
   * alternative names; writes {@code dir/cn.crt} and {@code dir/cn.key}.
   */
  public Issued issue(String cn) {
    KeyPair leaf = newKeys();
    try {
      X509v3CertificateBuilder b = builder(new X500Name("CN=" + name), new X500Name("CN=" + cn), leaf);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      X509Certificate cert = sign(b, keys);
      Path certPath = write(dir.resolve(cn + ".crt"), pem("CERTIFICATE", encoded(cert)));
      Path keyPath = write(dir.resolve(cn + ".key"), pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
      return new Issued(certPath, keyPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JDK client TLS context that trusts this CA and, when {@code identity} is not null, presents it as the client
   * certificate (mutual TLS).
   */
  public javax.net.ssl.SSLContext clientContext(Issued identity) {
    try {
      io.netty.handler.ssl.SslContextBuilder b = io.netty.handler.ssl.SslContextBuilder.forClient()
          .sslProvider(io.netty.handler.ssl.SslProvider.JDK).trustManager(certFile.toFile());
      if (identity != null) {
        b.keyManager(identity.certFile().toFile(), identity.keyFile().toFile());
      }
      return ((io.netty.handler.ssl.JdkSslContext) b.build()).context();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
        subjectKeys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
