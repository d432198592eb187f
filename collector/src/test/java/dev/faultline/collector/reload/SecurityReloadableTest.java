package dev.faultline.collector.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.ConfigKeys;
import dev.faultline.collector.config.ConfigLoader;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.security.SecurityConfig;
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

/** Token rotation: a reload reads the token files again; requests see the new tokens, the old ones stop working. */
@Timeout(30)
class SecurityReloadableTest {

  private static final String OLD = "old-token-0123456789abcdef";
  private static final String NEW = "new-token-fedcba9876543210";

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path file;
  private Path tokenFile;
  private Collector collector;
  private ConfigReloader reloader;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("collector.yaml");
    tokenFile = dir.resolve("oncall.token");
    Files.writeString(tokenFile, OLD + "\n");
    Files.writeString(file, """
        storage: {data-dir: %s}
        security:
          query-tokens:
            - {name: oncall, token-file: %s, scope: read}
        """.formatted(dir.resolve("data"), tokenFile));
    Map<String, String> overrides = Map.of(ConfigKeys.INGEST_ADDRESS, "127.0.0.1:0",
        ConfigKeys.QUERY_ADDRESS, "127.0.0.1:0");
    CollectorConfig config = ConfigLoader.load(file, overrides);
    collector = Collector.start(CollectorSettings.builder(config).live(LiveConfig.fromMap(null))
        .security(SecurityConfig.fromMap(ConfigLoader.section(file, SecurityConfig.SECTION))).build());
    reloader = new ConfigReloader(file, overrides, config, collector.reloadables(), collector.reloadStatus(),
        System::currentTimeMillis);
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void aRotatedTokenFileTakesEffectAtTheReload() throws Exception {
    assertEquals(200, status(OLD));
    assertEquals(401, status(NEW));

    assertTrue(reloader.reload(), "unchanged file");
    assertEquals(List.of(), collector.reloadStatus().view().get("reloaded"), "same tokens: nothing reloaded");

    Files.writeString(tokenFile, NEW + "\n");
    assertEquals(200, status(OLD), "the old token works until the reload");
    assertTrue(reloader.reload());
    assertEquals(List.of("security.query-tokens (1)"), collector.reloadStatus().view().get("reloaded"));
    assertEquals(401, status(OLD));
    assertEquals(200, status(NEW));
    assertFalse(String.valueOf(collector.reloadStatus().view()).contains(NEW), "never shows a token");
  }

  @Test
  void anUnreadableTokenFileKeepsTheRunningTokens() throws Exception {
    Files.delete(tokenFile);
    assertFalse(reloader.reload());
    assertTrue(String.valueOf(collector.reloadStatus().view().get("error")).contains("security.query-tokens[0]"),
        collector.reloadStatus().view().toString());
    assertEquals(200, status(OLD));
  }

  @Test
  void turningTlsOnIsNamedAsNeedingARestart() throws Exception {
    Files.writeString(file, Files.readString(file) + """
          query-tls: {cert-file: /nonexistent/c.pem, key-file: /nonexistent/k.pem}
        """);
    reloader.reload();
    assertTrue(String.valueOf(collector.reloadStatus().view().get("needs_restart")).contains("security.query-tls"),
        collector.reloadStatus().view().toString());
  }

  private int status(String token) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + collector.queryAddress().getPort() + "/api/v1/services");
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
