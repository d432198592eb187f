package dev.faultline.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cluster.ClusterConfig.Role;
import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.reload.SecurityReloadable;
import dev.faultline.collector.security.QueryScope;
import dev.faultline.collector.security.SecretSource;
import dev.faultline.collector.security.Security;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a node reaches the others' query ports, and the configurations it refuses (no broker needed). */
class InternalHopTest {

  private static final String TOKEN = "internal-token-0123456789abcdef";

  @TempDir Path dir;

  private SecurityConfig security(boolean tls, String clientAuth, boolean tokens) throws Exception {
    TestPki ca = TestPki.authority(dir, "ca");
    TestPki.Issued server = ca.issue("node");
    Files.writeString(dir.resolve("read.token"), "read-token-0123456789abcdef");
    Map<String, Object> m = new java.util.HashMap<>();
    if (tls) {
      Map<String, Object> t = new java.util.HashMap<>(Map.of("cert-file", server.certFile().toString(),
          "key-file", server.keyFile().toString()));
      if (clientAuth != null) {
        t.put("client-ca-file", ca.certFile().toString());
        t.put("client-auth", clientAuth);
      }
      m.put("query-tls", t);
    }
    if (tokens) {
      m.put("query-tokens", List.of(Map.of("name", "oncall", "token-file", dir.resolve("read.token").toString())));
    }
    return SecurityConfig.fromMap(m);
  }

  private static ClusterConfig analyzer() {
    return ClusterConfig.of(Set.of(Role.ANALYZER), "127.0.0.1:9092");
  }

  @Test
  void plainWithoutTlsOrTokens() throws Exception {
    assertSame(InternalHop.plain(), InternalHop.from(analyzer(), security(false, null, false)));
    assertEquals("http", InternalHop.plain().scheme());
    assertNull(InternalHop.plain().authorization(null));
  }

  @Test
  void tokensOnAnAnalyzerNeedTheInternalToken() throws Exception {
    SecurityConfig s = security(false, null, true);
    ConfigException e = assertThrows(ConfigException.class, () -> InternalHop.from(analyzer(), s));
    assertTrue(e.getMessage().startsWith("cluster.internal-token: required with security.query-tokens"),
        e.getMessage());
    // a gateway only forwards callers' requests: their own token goes along
    InternalHop gateway = InternalHop.from(ClusterConfig.of(Set.of(Role.GATEWAY), "127.0.0.1:9092"), s);
    assertEquals("Bearer caller", gateway.authorization("Bearer caller"));
  }

  @Test
  void theCallersTokenGoesFirstTheInternalOneOnTheNodesOwnBehalfAndNeitherIsShown() throws Exception {
    ClusterConfig c = analyzer().toBuilder()
        .internalToken(SecretSource.env("cluster.internal-token.token-env", "T")).build();
    SecurityConfig s = security(true, null, true);
    InternalHop hop = InternalHop.from(c, s, name -> name.equals("T") ? TOKEN : null);
    assertEquals("https", hop.scheme());
    assertEquals("Bearer caller", hop.authorization("Bearer caller"));
    assertEquals("Bearer " + TOKEN, hop.authorization(null));
    assertFalse(hop.toString().contains(TOKEN), hop.toString());

    SecurityConfig admitted = InternalHop.admitting(s, c);
    assertEquals(2, admitted.queryTokens().size());
    assertEquals("cluster.internal-token", admitted.queryTokens().get(1).name());
    assertSame(admitted, InternalHop.admitting(admitted, c), "added once");
    SecurityConfig open = security(false, null, false);
    assertSame(open, InternalHop.admitting(open, c), "a port without tokens stays open");
  }

  @Test
  void theInternalTokenStaysAdmittedAcrossAReloadOfTheQueryTokens() throws Exception {
    Path internal = dir.resolve("internal.token");
    Files.writeString(internal, TOKEN);
    ClusterConfig c = analyzer().toBuilder()
        .internalToken(SecretSource.file("cluster.internal-token.token-file", internal)).build();
    SecurityConfig s = security(false, null, true);
    Security running = Security.load(InternalHop.admitting(s, c));
    assertTrue(running.queries().check("Bearer " + TOKEN, QueryScope.READ).admitted());
    assertEquals(403, running.queries().check("Bearer " + TOKEN, QueryScope.ADMIN).status(), "scope read only");

    Path yaml = dir.resolve("collector.yaml");
    Files.writeString(yaml, "security:\n  query-tokens:\n    - {name: oncall, token-file: "
        + dir.resolve("read.token") + "}\n");
    Files.writeString(dir.resolve("read.token"), "rotated-read-token-0123456789");
    SecurityReloadable reload = new SecurityReloadable(running, s, System::getenv,
        next -> InternalHop.admitting(next, c));
    reload.prepare(yaml).apply().run();
    assertTrue(running.queries().check("Bearer rotated-read-token-0123456789", QueryScope.READ).admitted());
    assertTrue(running.queries().check("Bearer " + TOKEN, QueryScope.READ).admitted(), "still admitted");
  }

  @Test
  void withRequiredClientCertificatesTheHopPresentsTheNodesOwnAndAClientWithoutOneIsRefused() throws Exception {
    SecurityConfig s = security(true, "require", false);
    InternalHop hop = InternalHop.from(analyzer(), s);
    assertEquals("https", hop.scheme());
    dev.faultline.collector.query.Router router = new dev.faultline.collector.query.Router()
        .get("/api/v1/ping", List.of(), r -> Map.of("pong", true));
    Security running = Security.load(s);
    dev.faultline.collector.query.QueryServer server = new dev.faultline.collector.query.QueryServer(router,
        System::currentTimeMillis, dev.faultline.collector.query.QueryLimits.defaults(), running.queryTls(),
        running.queries());
    int port = server.start(new dev.faultline.collector.config.Endpoint("127.0.0.1", 0)).getPort();
    try {
      java.net.URI uri = java.net.URI.create("https://127.0.0.1:" + port + "/api/v1/ping");
      java.net.http.HttpResponse<String> r = hop.client(java.time.Duration.ofSeconds(5)).send(
          java.net.http.HttpRequest.newBuilder(uri).GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("pong"), r.body());
      // the server's certificate trusted, no client certificate: the handshake fails
      javax.net.ssl.SSLContext noCert = javax.net.ssl.SSLContext.getInstance("TLS");
      javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      store.load(null, null);
      try (var in = Files.newInputStream(dir.resolve("node.crt"))) {
        store.setCertificateEntry("node", java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(in));
      }
      trust.init(store);
      noCert.init(null, trust.getTrustManagers(), null);
      java.net.http.HttpClient anonymous = java.net.http.HttpClient.newBuilder().sslContext(noCert).build();
      assertThrows(java.io.IOException.class, () -> anonymous.send(java.net.http.HttpRequest.newBuilder(uri).GET()
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
    } finally {
      server.close();
    }
  }

  @Test
  void aClientKeyThatCannotBeUsedIsNamed() throws Exception {
    SecurityConfig s = security(true, "require", false);
    Files.writeString(dir.resolve("node.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    ConfigException e = assertThrows(ConfigException.class, () -> InternalHop.from(analyzer(), s));
    assertTrue(e.getMessage().startsWith("security.query-tls.key-file: cannot present"), e.getMessage());
  }

  @Test
  void anUnreadableCaFileIsNamed() throws Exception {
    ClusterConfig c = analyzer().toBuilder().queryCaFile(dir.resolve("missing.crt")).build();
    ConfigException e = assertThrows(ConfigException.class, () -> InternalHop.from(c, security(true, null, false)));
    assertTrue(e.getMessage().startsWith("cluster.query-ca-file: cannot read"), e.getMessage());
  }
}
