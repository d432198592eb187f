package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TestPki;
import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.QueryPort;
import dev.faultline.e2e.support.Repo;
import dev.faultline.proto.v1.RejectionCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline secured: a JVM with {@code -javaagent:agent/target/faultline-agent.jar} reporting over mutual
 * TLS with a service-bound token, and the query port answering its series over HTTPS to a read token. Certificates
 * are made for the test ({@link TestPki}); no key is committed.
 */
@Timeout(240)
class TlsEndToEndTest {

  private static final String AGENT_TOKEN = "e2e-agent-token-0123456789abcdef";
  private static final String READ_TOKEN = "e2e-read-token-0123456789abcdef";

  @TempDir Path dir;
  private TestPki ca;
  private TestPki.Issued server;
  private TestPki.Issued agentCert;

  @BeforeEach
  void pki() throws Exception {
    ca = TestPki.authority(dir, "e2e-ca");
    server = ca.issue("collector");
    agentCert = ca.issue("agent");
    Files.writeString(dir.resolve("agent.token"), AGENT_TOKEN);
    Files.writeString(dir.resolve("read.token"), READ_TOKEN);
  }

  @Test
  void agentReportsOverMutualTlsWithATokenAndTheQueryPortAnswersOverHttps() throws Exception {
    try (Collector collector = start();
        Jvm app = Jvm.start(Jvm.currentJavaHome(), List.of(
            "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.ingestAddress().getPort()
                + ",service=e2e-tls,interval=500ms,tls-ca-file=" + ca.certFile()
                + ",tls-cert-file=" + agentCert.certFile() + ",tls-key-file=" + agentCert.keyFile()
                + ",token-file=" + dir.resolve("agent.token"),
            "-cp", Repo.testClasses().toString(), SteadyApp.class.getName()))) {
      app.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(60));
      QueryPort query = QueryPort.https(collector.queryAddress(), ca.clientContext(null), READ_TOKEN);
      JsonNode threads = query.awaitSeries("?service=e2e-tls&metric=jvm_threads_live",
          s -> s.path("points").asInt() >= 2, Duration.ofSeconds(60));
      assertTrue(threads.path("last_value").asDouble() >= 2, threads.toString());
      JsonNode samples = query.get("/api/v1/query?series=" + QueryPort.encode(threads.path("id").asText()));
      assertTrue(samples.path("samples").size() >= 2, samples.toString());
      assertEquals(Map.of(), collector.ingestStats().rejections().snapshot());
      assertFalse(app.transcript().contains(AGENT_TOKEN), app.transcript());
      assertEquals(1, app.transcript().lines().filter(l -> l.startsWith("faultline:")).count(),
          "only the start-up line:\n" + app.transcript());
    }
  }

  @Test
  void refusedAgentsSayWhyOnceAndKeepTheApplicationRunning() throws Exception {
    Path wrongToken = Files.writeString(dir.resolve("wrong.token"), "not-the-agent-token-000000000000");
    try (Collector collector = start();
        Jvm wrong = agentJvm(collector, "e2e-wrong-token", ",tls-ca-file=" + ca.certFile() + ",tls-cert-file="
            + agentCert.certFile() + ",tls-key-file=" + agentCert.keyFile() + ",token-file=" + wrongToken);
        Jvm plain = agentJvm(collector, "e2e-plain", ",token-file=" + dir.resolve("agent.token"))) {
      wrong.awaitLine(l -> l.contains("refused this agent"), Duration.ofSeconds(60));
      plain.awaitLine(l -> l.contains("refused this agent"), Duration.ofSeconds(60));
      awaitAtLeast(collector, RejectionCause.REJECTION_CAUSE_UNAUTHENTICATED, 3); // it keeps retrying, quietly
      awaitAtLeast(collector, RejectionCause.REJECTION_CAUSE_TLS_REQUIRED, 3);
      assertEquals(1, count(wrong, "refused this agent: the agent's token is not one of this collector's agent"
          + " tokens; retrying later"), wrong.transcript());
      assertEquals(1, count(plain, "refused this agent: REJECTION_CAUSE_TLS_REQUIRED: this collector's ingest port"
          + " requires TLS; start the agent with tls=true"), plain.transcript());
      assertTrue(wrong.isAlive() && plain.isAlive());
      assertTrue(collector.agents().sessions().isEmpty(), "neither got in");
    }
  }

  private Collector start() throws InterruptedException {
    Map<String, Object> tls = Map.of("cert-file", server.certFile().toString(),
        "key-file", server.keyFile().toString());
    Map<String, Object> mutual = Map.of("cert-file", server.certFile().toString(),
        "key-file", server.keyFile().toString(), "client-ca-file", ca.certFile().toString());
    SecurityConfig security = SecurityConfig.fromMap(Map.of("ingest-tls", mutual, "query-tls", tls,
        "agent-tokens", List.of(Map.of("name", "e2e", "token-file", dir.resolve("agent.token").toString(),
            "services", List.of("e2e-tls", "e2e-wrong-token", "e2e-plain"))),
        "query-tokens", List.of(Map.of("name", "reader", "token-file", dir.resolve("read.token").toString()))));
    return Collector.start(CollectorSettings.builder(CollectorConfig.builder()
            .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
            .dataDir(dir.resolve("data")).build()).security(security).build());
  }

  private static Jvm agentJvm(Collector collector, String service, String options) throws Exception {
    return Jvm.start(Jvm.currentJavaHome(), List.of(
        "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.ingestAddress().getPort()
            + ",service=" + service + ",interval=500ms" + options,
        "-cp", Repo.testClasses().toString(), SteadyApp.class.getName()));
  }

  private static long count(Jvm jvm, String text) {
    return jvm.transcript().lines().filter(l -> l.contains(text)).count();
  }

  private static void awaitAtLeast(Collector collector, RejectionCause cause, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (collector.ingestStats().rejections().count(cause) < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(collector.ingestStats().rejections().count(cause) >= n,
        cause + ": " + collector.ingestStats().rejections().snapshot());
  }
}
