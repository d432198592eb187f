package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TestPki;
import dev.faultline.collector.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The query port over HTTPS with read and admin bearer tokens, through a real HTTP client on 127.0.0.1. */
@Timeout(30)
class QuerySecurityTest {

  private static final String READ_TOKEN = "read-token-0123456789abcdef0123";
  private static final String ADMIN_TOKEN = "admin-token-fedcba9876543210fedc";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Collector collector;
  private LogCapture log;
  private HttpClient https;
  private String base;

  @BeforeEach
  void start() throws Exception {
    TestPki ca = TestPki.authority(dir, "test-ca");
    TestPki.Issued server = ca.issue("collector");
    Files.writeString(dir.resolve("read.token"), READ_TOKEN + "\n");
    Files.writeString(dir.resolve("admin.token"), ADMIN_TOKEN);
    log = new LogCapture("dev.faultline.collector");
    SecurityConfig security = SecurityConfig.fromMap(Map.of(
        "query-tls", Map.of("cert-file", server.certFile().toString(), "key-file", server.keyFile().toString()),
        "query-tokens", List.of(
            Map.of("name", "oncall", "token-file", dir.resolve("read.token").toString(), "scope", "read"),
            Map.of("name", "ops", "token-file", dir.resolve("admin.token").toString(), "scope", "admin"))));
    collector = Collector.start(CollectorSettings.builder(CollectorConfig.builder()
            .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
            .dataDir(dir.resolve("data")).build()).security(security).build());
    https = HttpClient.newBuilder().sslContext(ca.clientContext(null)).connectTimeout(Duration.ofSeconds(5)).build();
    base = "https://localhost:" + collector.queryAddress().getPort();
  }

  @AfterEach
  void stop() {
    collector.close();
    log.close();
  }

  @Test
  void readRoutesNeedAReadOrAdminToken() throws Exception {
    HttpResponse<String> none = get("/api/v1/services", null);
    assertEquals(401, none.statusCode());
    assertEquals("Bearer realm=\"faultline\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
    assertTrue(json(none).path("error").asText().contains("Authorization: Bearer"), none.body());
    assertEquals(401, get("/api/v1/services", "not-a-configured-token-00000000").statusCode());
    assertEquals(401, send("GET", "/api/v1/services", "Basic " + READ_TOKEN).statusCode());
    assertEquals(200, get("/api/v1/services", READ_TOKEN).statusCode());
    assertEquals(200, get("/api/v1/services", ADMIN_TOKEN).statusCode());
    assertEquals(401, get("/api/v1/events", null).statusCode(), "the event stream is read-scope too");
  }

  @Test
  void adminRoutesAndWritesNeedTheAdminScope() throws Exception {
    HttpResponse<String> read = get("/api/v1/admin/config", READ_TOKEN);
    assertEquals(403, read.statusCode());
    assertEquals("this route needs a token with scope admin; the token has scope read", json(read).path("error")
        .asText());
    assertEquals(403, send("POST", "/api/v1/services", "Bearer " + READ_TOKEN).statusCode());
    assertEquals(405, send("POST", "/api/v1/services", "Bearer " + ADMIN_TOKEN).statusCode(),
        "admitted, then refused as a method the route does not have");

    HttpResponse<String> admin = get("/api/v1/admin/config", ADMIN_TOKEN);
    assertEquals(200, admin.statusCode(), admin.body());
    JsonNode body = json(admin);
    assertEquals("127.0.0.1:0", body.path("settings").path("query.address").asText());
    assertEquals(List.of("'oncall' (read) from file " + dir.resolve("read.token"),
        "'ops' (admin) from file " + dir.resolve("admin.token")),
        JSON.convertValue(body.path("security").path("query_tokens"), List.class));
    assertFalse(admin.body().contains(READ_TOKEN) || admin.body().contains(ADMIN_TOKEN), admin.body());
  }

  @Test
  void healthAndTheDashboardStayOpenAndNoTokenIsLogged() throws Exception {
    assertEquals(200, get("/healthz", null).statusCode());
    assertEquals(200, get("/", null).statusCode());
    assertEquals(200, get("/api/v1/openapi.json", null).statusCode());
    get("/api/v1/admin/config", READ_TOKEN);
    get("/api/v1/services", "Bearer-looking-but-wrong-token-0000");
    collector.close();
    String logged = log.text();
    assertTrue(logged.contains("listening on 127.0.0.1:" + collector.queryAddress().getPort() + " (TLS)"), logged);
    assertFalse(logged.contains(READ_TOKEN) || logged.contains(ADMIN_TOKEN), logged);
  }

  @Test
  void plainHttpToTheTlsPortGetsNoAnswer() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + collector.queryAddress().getPort() + "/healthz"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token == null ? null : "Bearer " + token);
  }

  private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
