package dev.faultline.collector.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security: section: its structure, the files and variables it names, and the exposure warning. */
class SecurityConfigTest {

  private static final String TOKEN = "a-token-of-thirty-two-characters";
  private static final Function<String, String> NO_ENV = name -> null;

  @TempDir Path dir;

  @Test
  void absentSectionMeansPlainAndOpen() {
    SecurityConfig none = SecurityConfig.fromMap(null);
    Security s = Security.load(none, NO_ENV);
    assertNull(s.ingestTls());
    assertNull(s.queryTls());
    assertFalse(s.agents().enabled());
    assertFalse(s.queries().enabled());
  }

  @Test
  void structuralMistakesNameTheKey() {
    assertEquals("security.tls: unknown key (known keys: ingest-tls, query-tls, agent-tokens, query-tokens)",
        error(Map.of("tls", Map.of())));
    assertEquals("security.ingest-tls.key-file: missing: TLS needs cert-file and key-file (PEM)",
        error(Map.of("ingest-tls", Map.of("cert-file", "/x.crt"))));
    assertEquals("security.query-tls.client-auth: require needs client-ca-file: the CA that signs client certificates",
        error(Map.of("query-tls", Map.of("cert-file", "a", "key-file", "b", "client-auth", "require"))));
    assertEquals("security.query-tls.client-auth: invalid value 'always', expected none, optional or require",
        error(Map.of("query-tls", Map.of("cert-file", "a", "key-file", "b", "client-ca-file", "c",
            "client-auth", "always"))));
    assertTrue(error(Map.of("agent-tokens", List.of(Map.of("name", "x"))))
        .startsWith("security.agent-tokens[0]: needs token-file: PATH or token-env: VARIABLE"));
    assertEquals("security.agent-tokens[0]: give either token-file or token-env, not both",
        error(Map.of("agent-tokens", List.of(Map.of("token-file", "/t", "token-env", "T")))));
    assertEquals("security.agent-tokens[0].token: unknown key (known keys: name, token-file, token-env, services)",
        error(Map.of("agent-tokens", List.of(Map.of("token", TOKEN)))));
    assertEquals("security.query-tokens[1].scope: invalid value 'write', expected read or admin",
        error(Map.of("query-tokens", List.of(Map.of("token-env", "A"), Map.of("token-env", "B", "scope", "write")))));
    assertEquals("security.query-tokens: the name 'ops' is used twice; names identify tokens in logs",
        error(Map.of("query-tokens", List.of(Map.of("name", "ops", "token-env", "A"),
            Map.of("name", "ops", "token-env", "B")))));
  }

  @Test
  void unusableFilesAndVariablesNameTheKeyWithoutShowingTheToken() throws Exception {
    TestPki ca = TestPki.authority(dir, "ca");
    TestPki.Issued server = ca.issue("server");
    Path garbageKey = Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    Path notACert = Files.writeString(dir.resolve("not.crt"), "hello\n");

    assertEquals("security.ingest-tls.cert-file: file " + dir.resolve("missing.crt") + " does not exist",
        loadError(tls(dir.resolve("missing.crt"), server.keyFile()), NO_ENV));
    String garbage = loadError(tls(server.certFile(), garbageKey), NO_ENV);
    assertTrue(garbage.startsWith("security.ingest-tls.key-file: " + garbageKey + " is not a usable PEM private key"),
        garbage);
    assertEquals("security.ingest-tls.key-file: file " + dir + " is not a readable file for this user",
        loadError(tls(server.certFile(), dir), NO_ENV));
    String noCert = loadError(tls(notACert, server.keyFile()), NO_ENV);
    assertTrue(noCert.startsWith("security.ingest-tls.cert-file: " + notACert + " is not a PEM certificate file"), noCert);
    // A certificate with somebody else's key.
    TestPki.Issued other = ca.issue("other");
    String mismatch = loadError(tls(server.certFile(), other.keyFile()), NO_ENV);
    assertEquals("security.ingest-tls.key-file: " + other.keyFile() + " is not the private key of the certificate in "
        + server.certFile(), mismatch);

    assertEquals("security.agent-tokens[0].token-env: environment variable FAULTLINE_AGENT_TOKEN is not set",
        loadError(Map.of("agent-tokens", List.of(Map.of("token-env", "FAULTLINE_AGENT_TOKEN"))), NO_ENV));
    assertEquals("security.query-tokens[0].token-file: token file " + dir.resolve("nope") + " does not exist",
        loadError(Map.of("query-tokens", List.of(Map.of("token-file", dir.resolve("nope").toString()))), NO_ENV));
    String shortError = loadError(Map.of("agent-tokens", List.of(Map.of("token-env", "T"))), name -> "secret12");
    assertTrue(shortError.contains("shorter than 16 characters"), shortError);
    assertFalse(shortError.contains("secret12"), shortError);
  }

  @Test
  void tokensFromFilesAndEnvironmentWithScopesAndServices() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.token"), "  " + TOKEN + "\n\nignored second line\n");
    Security s = Security.load(SecurityConfig.fromMap(Map.of(
        "agent-tokens", List.of(Map.of("name", "web", "token-file", file.toString(), "services", List.of("web")),
            Map.of("name", "probes", "token-env", "PROBE_TOKEN")),
        "query-tokens", List.of(Map.of("token-env", "READ_TOKEN"),
            Map.of("token-env", "ADMIN_TOKEN", "scope", "admin")))),
        Map.of("PROBE_TOKEN", "probe-token-0123456789", "READ_TOKEN", "read-token-0123456789",
            "ADMIN_TOKEN", "admin-token-0123456789")::get);
    assertNull(s.agents().refusal(TOKEN, "web"));
    assertNull(s.agents().refusal("probe-token-0123456789", ""));
    assertEquals("token 'web' does not admit host probes (no service); it admits [web]", s.agents().refusal(TOKEN, ""));
    assertEquals(401, s.queries().check(null, QueryScope.READ).status());
    assertEquals(200, s.queries().check("Bearer read-token-0123456789", QueryScope.READ).status());
    assertEquals(200, s.queries().check("bearer  read-token-0123456789 ", QueryScope.READ).status());
    assertEquals(403, s.queries().check("Bearer read-token-0123456789", QueryScope.ADMIN).status());
    assertEquals(200, s.queries().check("Bearer admin-token-0123456789", QueryScope.ADMIN).status());
    assertEquals(401, s.queries().check("Bearer read-token-012345678", QueryScope.READ).status());
  }

  @Test
  void accessPolicyNamesTheScopeOfEachRoute() {
    assertNull(AccessPolicy.required("GET", "/healthz"));
    assertNull(AccessPolicy.required("GET", "/"));
    assertNull(AccessPolicy.required("GET", "/js/api.js"));
    assertNull(AccessPolicy.required("GET", "/api/v1/openapi.json"));
    assertEquals(QueryScope.READ, AccessPolicy.required("GET", "/api/v1/series"));
    assertEquals(QueryScope.READ, AccessPolicy.required("HEAD", "/api/v1/incidents/abc"));
    assertEquals(QueryScope.ADMIN, AccessPolicy.required("GET", "/api/v1/admin/config"));
    assertEquals(QueryScope.ADMIN, AccessPolicy.required("DELETE", "/api/v1/incidents/abc"));
    assertEquals(QueryScope.ADMIN, AccessPolicy.required("POST", "/api/v1/series"));
  }

  @Test
  void exposureWarningOnlyOffLoopbackAndOnlyWhileSomethingIsMissing() {
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 9471);
    InetSocketAddress any = new InetSocketAddress("0.0.0.0", 9471);
    assertNull(ExposureCheck.warning("query port", loopback, false, false, "t", "k"));
    assertNull(ExposureCheck.warning("query port", new InetSocketAddress("::1", 9471), false, false, "t", "k"));
    assertNull(ExposureCheck.warning("query port", any, true, true, "t", "k"));
    assertEquals("the query port listens on 0.0.0.0:9471, reachable from other hosts, without TLS and without "
        + "tokens: anyone who can connect is admitted; configure security.query-tls and security.query-tokens (see "
        + "SECURITY.md) or bind to 127.0.0.1", ExposureCheck.warning("query port", any, false, false,
        "security.query-tls", "security.query-tokens"));
    assertTrue(ExposureCheck.warning("query port", any, false, true, "a", "b").contains("without TLS: tokens cross"));
    assertTrue(ExposureCheck.warning("query port", any, true, false, "a", "b").contains("without tokens: anyone"));
    assertTrue(ExposureCheck.warning("ingest port", new InetSocketAddress("::", 9470), true, false, "a", "b")
        .startsWith("the ingest port listens on [0:0:0:0:0:0:0:0]:9470,"));
  }

  /** The commented security example in install/collector.yaml is valid structure (files are the operator's). */
  @Test
  void sampleConfigSecurityExampleParses() throws Exception {
    Path sample = Path.of("..", "install", "collector.yaml");
    String text = Files.readString(sample);
    String block = text.substring(text.indexOf("#security:"));
    String yaml = block.lines().takeWhile(l -> l.startsWith("#")).map(l -> l.replaceFirst("^# ?", ""))
        .collect(Collectors.joining("\n"));
    @SuppressWarnings("unchecked")
    Map<String, Object> root = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    SecurityConfig parsed = SecurityConfig.fromMap((Map<String, ?>) root.get("security"));
    assertEquals(2, parsed.agentTokens().size());
    assertEquals(2, parsed.queryTokens().size());
    assertEquals(ClientAuth.REQUIRE, parsed.ingestTls().clientAuth());
    assertTrue(ConfigLoader.STRUCTURED_SECTIONS.contains(SecurityConfig.SECTION));
  }

  private Map<String, Object> tls(Path cert, Path key) {
    return Map.of("ingest-tls", Map.of("cert-file", cert.toString(), "key-file", key.toString()));
  }

  private static String error(Map<String, ?> section) {
    return assertThrows(ConfigException.class, () -> SecurityConfig.fromMap(section)).getMessage();
  }

  private static String loadError(Map<String, ?> section, Function<String, String> env) {
    return assertThrows(ConfigException.class, () -> Security.load(SecurityConfig.fromMap(section), env))
        .getMessage();
  }
}
