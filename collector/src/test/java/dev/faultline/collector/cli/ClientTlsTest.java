package dev.faultline.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a query port with TLS and a read token: https:// address, --ca-file, clear errors. */
@Timeout(60)
class ClientTlsTest {

  private static final String TOKEN = "read-token-0123456789abcdef";

  @TempDir Path dir;
  private Collector collector;
  private TestPki ca;
  private String https;

  @BeforeEach
  void start() throws Exception {
    ca = TestPki.authority(dir, "test-ca");
    TestPki.Issued server = ca.issue("collector");
    Files.writeString(dir.resolve("read.token"), TOKEN);
    SecurityConfig security = SecurityConfig.fromMap(Map.of(
        "query-tls", Map.of("cert-file", server.certFile().toString(), "key-file", server.keyFile().toString()),
        "query-tokens", List.of(
            Map.of("name", "oncall", "token-file", dir.resolve("read.token").toString(), "scope", "read"))));
    collector = Collector.start(CollectorSettings.builder(CollectorConfig.builder()
            .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
            .dataDir(dir.resolve("data")).build()).security(security).build());
    https = "https://localhost:" + collector.queryAddress().getPort();
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void talksHttpsWithTheGivenCa() {
    CommandRun run = CommandRun.run("services", "--json", "--collector", https, "--ca-file",
        ca.certFile().toString(), "--token", TOKEN);
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("services"), run.out());
    assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN));
  }

  @Test
  void anUntrustedCertificateIsAClearError() {
    CommandRun run = CommandRun.run("services", "--collector", https, "--token", TOKEN);
    assertNotEquals(0, run.code());
    assertTrue(run.err().contains("TLS") && run.err().contains("--ca-file"), run.err());
  }

  @Test
  void plainHttpToATlsPortSaysToUseHttps() {
    CommandRun run = CommandRun.run("services", "--collector", "127.0.0.1:" + collector.queryAddress().getPort(),
        "--token", TOKEN);
    assertNotEquals(0, run.code());
    assertTrue(run.err().contains("https://"), run.err());
  }

  @Test
  void aMissingCaFileIsNamed() {
    CommandRun run = CommandRun.run("services", "--collector", https, "--ca-file", dir.resolve("nope.pem").toString());
    assertNotEquals(0, run.code());
    assertTrue(run.err().contains("nope.pem"), run.err());
  }
}
