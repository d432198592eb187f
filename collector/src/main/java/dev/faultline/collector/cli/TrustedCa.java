package dev.faultline.collector.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An SSL context that trusts exactly the CA certificates of one PEM file (the query port's own CA). */
final class TrustedCa {

  private TrustedCa() {}

  static SSLContext sslContext(Path caFile) throws ClientException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new ClientException("cannot read the CA file " + caFile + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new ClientException("the CA file " + caFile + " holds no PEM certificate: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new ClientException("the CA file " + caFile + " holds no certificate");
    }
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ClientException("cannot use the CA file " + caFile + ": " + e.getMessage());
    }
  }
}
