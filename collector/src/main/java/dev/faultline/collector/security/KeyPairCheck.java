package dev.faultline.collector.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Whether a PEM private key belongs to the first certificate of a PEM chain: a key that does not would only fail
 * at the first TLS handshake, after the collector reported itself started. Checked by signing a challenge with
 * the key and verifying it with the certificate's public key.
 */
final class KeyPairCheck {

  private static final byte[] CHALLENGE = "faultline key check".getBytes(StandardCharsets.US_ASCII);

  private KeyPairCheck() {}

  /**
   * @return false when the key provably does not match; true when it matches or cannot be checked here (a key
   *     type this check does not know; the TLS handshake still enforces the match)
   */
  static boolean matches(Path certFile, Path keyFile) throws IOException {
    PublicKey publicKey;
    try (InputStream in = Files.newInputStream(certFile)) {
      publicKey = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getPublicKey();
    } catch (GeneralSecurityException e) {
      return true; // reported by the certificate check
    }
    String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
    if (algorithm == null) {
      return true;
    }
    try {
      PrivateKey key = KeyFactory.getInstance(publicKey.getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8(Files.readString(keyFile, StandardCharsets.US_ASCII))));
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a key of another algorithm than the certificate's, or not parseable as such
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
  }

  private static byte[] pkcs8(String pem) {
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no PKCS#8 block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
  }
}
