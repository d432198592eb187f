package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the client finds the collector and its token (flags > environment > config file > default), and that the
 * token travels as a bearer header and is never printed. The query port is played by a JDK HttpServer on 127.0.0.1
 * that records the Authorization header (the collector's token check is built elsewhere).
 */
@Timeout(20)
class ClientSettingsTest {

  @TempDir Path dir;

  @AfterEach
  void resetEnvironment() {
    ClientEnvironment.reset();
  }

  private Path configFile(String yaml) throws IOException {
    Path file = dir.resolve("xdg").resolve("faultline").resolve("config.yaml");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml);
  }

  private Map<String, String> xdg() {
    return Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
  }

  @Test
  void defaultIsLoopbackWithoutToken() throws Exception {
    ClientSettings s = ClientSettings.resolve(null, null, xdg());
    assertEquals("127.0.0.1:9471", s.collector());
    assertNull(s.token());
  }

  @Test
  void fileThenEnvironmentThenFlagsWin() throws Exception {
    configFile("collector: file-host:1\ntoken: file-token\n");
    assertEquals(new ClientSettings("file-host:1", "file-token"), ClientSettings.resolve(null, null, xdg()));
    Map<String, String> env = new java.util.HashMap<>(xdg());
    env.put("FAULTLINE_COLLECTOR", "env-host:2");
    assertEquals(new ClientSettings("env-host:2", "file-token"), ClientSettings.resolve(null, null, env));
    env.put("FAULTLINE_TOKEN", "env-token");
    assertEquals(new ClientSettings("env-host:2", "env-token"), ClientSettings.resolve(null, null, env));
    assertEquals(new ClientSettings("flag-host:3", "flag-token"),
        ClientSettings.resolve("flag-host:3", "flag-token", env));
  }

  @Test
  void legacyAddressVariableStillWorksBelowTheNewOne() throws Exception {
    assertEquals("old:1", ClientSettings.resolve(null, null, Map.of("FAULTLINE_ADDRESS", "old:1")).collector());
    assertEquals("new:2", ClientSettings.resolve(null, null,
        Map.of("FAULTLINE_ADDRESS", "old:1", "FAULTLINE_COLLECTOR", "new:2")).collector());
  }

  @Test
  void withoutXdgTheFileIsUnderHomeDotConfig() {
    assertEquals(Path.of("/home/op", ".config", "faultline", "config.yaml"),
        ClientSettings.configFile(Map.of("HOME", "/home/op")));
    assertEquals(Path.of("/x", "faultline", "config.yaml"),
        ClientSettings.configFile(Map.of("HOME", "/home/op", "XDG_CONFIG_HOME", "/x")));
  }

  @Test
  void unknownKeyInTheFileIsAnErrorNamingIt() throws Exception {
    configFile("colector: typo:1\n");
    ClientException e = assertThrows(ClientException.class, () -> ClientSettings.resolve(null, null, xdg()));
    assertTrue(e.getMessage().endsWith("config.yaml: unknown key 'colector'; expected collector or token"),
        e.getMessage());
  }

  @Test
  void malformedFileErrorDoesNotQuoteItsContent() throws Exception {
    configFile("token: [secret-value\n");
    ClientException e = assertThrows(ClientException.class, () -> ClientSettings.resolve(null, null, xdg()));
    assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
    assertTrue(e.getMessage().contains("config.yaml"), e.getMessage());
  }

  @Test
  void toStringHidesTheToken() {
    assertFalse(new ClientSettings("h:1", "s3cr3t").toString().contains("s3cr3t"));
  }

  @Test
  void tokenFromTheConfigFileIsSentAsBearerHeader() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = fakeQueryPort(200, "{\"hosts\":[]}", seen);
    try {
      configFile("collector: 127.0.0.1:" + server.getAddress().getPort() + "\ntoken: file-token\n");
      ClientEnvironment.set(xdg());
      CommandRun r = run("hosts");
      assertEquals(0, r.code(), r.err());
      assertEquals(List.of("Bearer file-token"), seen);
      assertFalse(r.out().contains("file-token") || r.err().contains("file-token"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noTokenMeansNoAuthorizationHeader() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = fakeQueryPort(200, "{\"hosts\":[]}", seen);
    try {
      ClientEnvironment.set(xdg());
      CommandRun r = run("hosts", "--collector", "127.0.0.1:" + server.getAddress().getPort());
      assertEquals(0, r.code(), r.err());
      assertEquals(List.of("(none)"), seen);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusedTokenIsOneLineThatDoesNotPrintIt() throws Exception {
    HttpServer server = fakeQueryPort(401, "unauthorized", new CopyOnWriteArrayList<>());
    try {
      ClientEnvironment.set(Map.of("FAULTLINE_TOKEN", "env-secret", "XDG_CONFIG_HOME", dir.toString()));
      CommandRun r = run("services", "--collector", "127.0.0.1:" + server.getAddress().getPort());
      assertEquals(1, r.code());
      assertEquals("faultline: the collector at 127.0.0.1:" + server.getAddress().getPort()
          + " refused the request (HTTP 401): the token was not accepted", r.err().strip());
      assertFalse(r.out().contains("env-secret") || r.err().contains("env-secret"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void missingTokenTellsWhereToSetOne() throws Exception {
    HttpServer server = fakeQueryPort(401, "{\"error\":\"token required\"}", new CopyOnWriteArrayList<>());
    try {
      ClientEnvironment.set(xdg());
      CommandRun r = run("status", "--collector", "127.0.0.1:" + server.getAddress().getPort());
      assertEquals(1, r.code());
      assertTrue(r.err().contains("it needs a token; set --token, FAULTLINE_TOKEN or token: in the config file"),
          r.err());
    } finally {
      server.stop(0);
    }
  }

  /** A query port that answers every GET with {@code status} and {@code body}, recording the auth header. */
  private static HttpServer fakeQueryPort(int status, String body, List<String> authorizations) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "(none)" : auth);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return server;
  }
}
