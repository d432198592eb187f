package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.security.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --check-config} reads every file the security: section names and reports the first bad one. */
class SecurityCheckConfigTest {

  private static final String TOKEN = "check-config-token-0123456789";

  @TempDir Path dir;

  @Test
  void validSecuritySectionPrintsSourcesButNeverTokens() throws Exception {
    TestPki ca = TestPki.authority(dir, "ca");
    TestPki.Issued server = ca.issue("collector");
    Path token = Files.writeString(dir.resolve("agent.token"), TOKEN);
    Path file = Files.writeString(dir.resolve("c.yaml"), """
        security:
          ingest-tls:
            cert-file: %s
            key-file: %s
            client-ca-file: %s
          agent-tokens:
            - name: fleet
              token-file: %s
        """.formatted(server.certFile(), server.keyFile(), ca.certFile(), token));
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("security.ingest-tls={cert " + server.certFile() + ", client-auth require}"),
        r.out());
    assertTrue(r.out().contains("security.agent-tokens=['fleet' from file " + token + "]"), r.out());
    assertFalse(r.out().contains(TOKEN), r.out());
  }

  @Test
  void missingCertificateIsOneLineNamingTheKeyWithExit2() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), """
        security:
          query-tls:
            cert-file: %s
            key-file: %s
        """.formatted(dir.resolve("nope.crt"), dir.resolve("nope.key")));
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(2, r.code());
    assertEquals("faultline: invalid configuration: security.query-tls.cert-file: file " + dir.resolve("nope.crt")
        + " does not exist", r.err().strip());
  }

  @Test
  void unsetTokenVariableIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), """
        security:
          query-tokens:
            - token-env: FAULTLINE_TEST_SURELY_UNSET_TOKEN
              scope: admin
        """);
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(2, r.code());
    assertEquals("faultline: invalid configuration: security.query-tokens[0].token-env: environment variable "
        + "FAULTLINE_TEST_SURELY_UNSET_TOKEN is not set", r.err().strip());
  }
}
