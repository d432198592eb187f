package dev.faultline.collector.cluster;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.security.ClientAuth;
import dev.faultline.collector.security.QueryScope;
import dev.faultline.collector.security.QueryTokenSpec;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TlsSettings;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a node of a cluster asks another node's query port (a series query routed to the analyzer holding the key,
 * the root-cause step's history): over HTTPS when {@code security.query-tls} is on (every node of a deployment
 * shares the {@code security:} section), trusting {@code cluster.query-ca-file} (default: the certificates of
 * {@code security.query-tls.cert-file}, enough when the nodes share one certificate or the file holds the CA too),
 * with the caller's own {@code Authorization} header when there is a caller, else {@code cluster.internal-token};
 * presenting the node's own query certificate as a client certificate when the query port asks for one (mutual
 * TLS).
 * The host name is verified as usual: each node's certificate must name the address it advertises (its bound
 * address, or its host name when bound to every interface). {@link #toString()} never shows the token.
 */
public final class InternalHop {

  private static final InternalHop PLAIN = new InternalHop(null, null);
  private static final String INTERNAL_TOKEN_NAME = "cluster.internal-token";

  private final SSLContext tls;
  private final String internalAuthorization;

  private InternalHop(SSLContext tls, String internalAuthorization) {
    this.tls = tls;
    this.internalAuthorization = internalAuthorization;
  }

  /** Plain HTTP, no token: query ports without TLS or tokens (tests, a private network). */
  public static InternalHop plain() {
    return PLAIN;
  }

  /** Reads the internal token and the CA file from the real file system and environment. */
  public static InternalHop from(ClusterConfig cluster, SecurityConfig security) {
    return from(cluster, security, System::getenv);
  }

  /**
   * With client certificates asked for on the query port ({@code client-auth: optional} or {@code require}), the
   * hop presents the node's own {@code security.query-tls} certificate and key: each node's certificate must then
   * be signed by a CA in {@code client-ca-file} and allow client use (no extended key usage, or clientAuth too).
   *
   * @throws ConfigException naming the key: query tokens on an analyzer without {@code cluster.internal-token}, an
   *     unreadable token, CA, certificate or key file
   */
  public static InternalHop from(ClusterConfig cluster, SecurityConfig security,
      Function<String, String> environment) {
    boolean tokens = !security.queryTokens().isEmpty();
    if (tokens && cluster.has(ClusterConfig.Role.ANALYZER) && cluster.internalToken() == null) {
      throw ConfigException.of("cluster.internal-token", "required with security.query-tokens on an analyzer: the"
          + " root-cause step reads series from the analyzers' query ports on its own behalf; give {token-file:"
          + " PATH} or {token-env: VARIABLE} (the same on every node, e.g. `openssl rand -hex 32`)");
    }
    String authorization = tokens && cluster.internalToken() != null
        ? "Bearer " + cluster.internalToken().read(environment) : null;
    SSLContext tls = null;
    TlsSettings queryTls = security.queryTls();
    if (queryTls != null) {
      boolean own = cluster.queryCaFile() == null;
      tls = context(own ? "security.query-tls.cert-file" : "cluster.query-ca-file",
          own ? queryTls.certFile() : cluster.queryCaFile(),
          queryTls.clientAuth() == ClientAuth.NONE ? null : queryTls);
    }
    return tls == null && authorization == null ? PLAIN : new InternalHop(tls, authorization);
  }

  /**
   * {@code security} with {@code cluster.internal-token} added to the query tokens (scope read), so that every node
   * admits the others' own requests; unchanged when the query port has no tokens (adding one would close it).
   */
  public static SecurityConfig admitting(SecurityConfig security, ClusterConfig cluster) {
    if (security.queryTokens().isEmpty() || cluster.internalToken() == null
        || security.queryTokens().stream().anyMatch(t -> t.name().equals(INTERNAL_TOKEN_NAME))) {
      return security;
    }
    List<QueryTokenSpec> tokens = new ArrayList<>(security.queryTokens());
    tokens.add(new QueryTokenSpec(INTERNAL_TOKEN_NAME, cluster.internalToken(), QueryScope.READ));
    return new SecurityConfig(security.ingestTls(), security.queryTls(), security.agentTokens(), tokens);
  }

  /**
   * The hop's client context: trusting the certificates of {@code file} and, with {@code identity}, presenting its
   * certificate and key (the node's own query-port pair) to a query port that asks for client certificates.
   */
  private static SSLContext context(String key, Path file, TlsSettings identity) {
    if (identity == null) {
      return trusting(key, file);
    }
    trusting(key, file); // the same checks and messages for the trusted file
    try {
      SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
          .trustManager(file.toFile())
          .keyManager(identity.certFile().toFile(), identity.keyFile().toFile());
      return ((JdkSslContext) b.build()).context();
    } catch (SSLException | IllegalArgumentException e) {
      throw ConfigException.of(identity.key() + ".key-file", "cannot present " + identity.certFile()
          + " as this node's client certificate to the other nodes (mutual TLS): " + e.getMessage());
    }
  }

  private static SSLContext trusting(String key, Path file) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw ConfigException.of(key, "cannot read " + file + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw ConfigException.of(key, file + " is not a PEM certificate file: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw ConfigException.of(key, file + " holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw ConfigException.of(key, "cannot trust the certificates of " + file + ": " + e.getMessage());
    }
  }

  /** {@code https} or {@code http}. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }

  /** The header to send: the caller's when there is one, else the internal token's; null for none. */
  public String authorization(String callerAuthorization) {
    return callerAuthorization != null ? callerAuthorization : internalAuthorization;
  }

  /** A client for the hop; its connections time out after {@code connectTimeout}. */
  public HttpClient client(Duration connectTimeout) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (tls != null) {
      b.sslContext(tls);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return scheme() + (internalAuthorization == null ? "" : " with the internal token");
  }
}
