package dev.faultline.collector.ingest;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.security.TestPki;
import dev.faultline.collector.testing.LogCapture;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.HelloReply;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ingest port with TLS, mutual TLS and agent tokens, over real sockets on 127.0.0.1. */
@Timeout(30)
class IngestSecurityTest {

  private static final String CHECKOUT_TOKEN = "checkout-token-0123456789abcdef";
  private static final String ANY_TOKEN = "any-service-token-fedcba9876543210";

  @TempDir Path dir;
  private TestPki ca;
  private TestPki.Issued server;
  private TestPki.Issued client;

  @BeforeEach
  void pki() throws IOException {
    ca = TestPki.authority(dir, "test-ca");
    server = ca.issue("collector");
    client = ca.issue("agent");
    Files.writeString(dir.resolve("checkout.token"), CHECKOUT_TOKEN + "\n");
    Files.writeString(dir.resolve("any.token"), ANY_TOKEN);
  }

  @Test
  void tlsAgentStreamsBatchesThatAreAcked() throws Exception {
    try (Collector collector = start(Map.of("ingest-tls", tls("none")));
        TestAgent agent = TestAgent.connectTls(collector.ingestAddress(), ca.clientContext(null))) {
      assertTrue(agent.handshake(hello("t1", "checkout", "c-1", "web-1")).getHelloReply().getAccepted());
      agent.send(definitions("jvm_threads_live"));
      agent.send(batch(1, System.currentTimeMillis(), new int[] {0}, new double[] {7}));
      assertEquals(1, agent.read().getAck().getSequence());
      assertEquals(7.0, collector.store().get("jvm_threads_live{service=\"checkout\",instance=\"c-1\",host=\"web-1\"}")
          .summary().lastValue());
    }
  }

  @Test
  void plainAgentOnTlsPortGetsAPlainRejectionThatSaysWhatToConfigure() throws Exception {
    try (Collector collector = start(Map.of("ingest-tls", tls("none")));
        LogCapture log = new LogCapture("dev.faultline.collector");
        TestAgent plain = TestAgent.connect(collector.ingestAddress())) {
      plain.write(Protocol.MAGIC);
      plain.send(dev.faultline.collector.testing.TestFrames.helloFrame(hello("p1", "checkout", "c-1", "web-1")));
      ServerFrame frame = plain.read();
      assertEquals(RejectionCause.REJECTION_CAUSE_TLS_REQUIRED, frame.getRejection().getCause());
      assertTrue(frame.getRejection().getMessage().contains("tls=true"), frame.getRejection().getMessage());
      assertTrue(plain.closedByPeer());
      assertEquals(1, collector.ingestStats().rejections().count(RejectionCause.REJECTION_CAUSE_TLS_REQUIRED));
      assertTrue(log.warnings().stream().anyMatch(l -> l.contains("tls_required")), log.text());
    }
  }

  @Test
  void mutualTlsAdmitsOnlyClientsWithACertificateFromTheClientCa() throws Exception {
    TestPki otherCa = TestPki.authority(dir, "other-ca");
    TestPki.Issued stranger = otherCa.issue("stranger");
    try (Collector collector = start(Map.of("ingest-tls", tls("require")))) {
      try (TestAgent agent = TestAgent.connectTls(collector.ingestAddress(), ca.clientContext(client))) {
        assertTrue(agent.handshake(hello("m1", "checkout", "c-1", "web-1")).getHelloReply().getAccepted());
      }
      // TLS 1.3: the client may finish its side before the server's verdict; the alert arrives on the next read.
      for (TestPki.Issued identity : java.util.Arrays.asList(null, stranger)) {
        IOException refused = assertThrows(IOException.class, () -> {
          try (TestAgent agent = TestAgent.connectTls(collector.ingestAddress(), ca.clientContext(identity))) {
            agent.handshake(hello("m-" + identity, "checkout", "c-1", "web-1"));
          }
        });
        assertFalse(refused instanceof java.net.SocketTimeoutException, "refused, not timed out: " + refused);
      }
      awaitCount(collector, RejectionCause.REJECTION_CAUSE_TLS_REQUIRED, 2);
      assertEquals(1, collector.agents().sessions().size(), "only the agent with a valid certificate got in");
    }
  }

  @Test
  void tokensAdmitOnlyKnownAgentsAndTheirServices() throws Exception {
    Map<String, Object> section = Map.of("agent-tokens", List.of(
        Map.of("name", "checkout-team", "token-file", dir.resolve("checkout.token").toString(),
            "services", List.of("checkout")),
        Map.of("name", "fleet", "token-file", dir.resolve("any.token").toString())));
    try (Collector collector = start(section); LogCapture log = new LogCapture("dev.faultline.collector")) {
      assertTrue(reply(collector, withToken("k1", "checkout", CHECKOUT_TOKEN)).getAccepted());
      assertTrue(reply(collector, withToken("k2", "payments", ANY_TOKEN)).getAccepted());
      assertTrue(reply(collector, withToken("k3", "", ANY_TOKEN)).getAccepted(), "host probe, unbound token");

      HelloReply none = reply(collector, withToken("k4", "checkout", ""));
      assertFalse(none.getAccepted());
      assertTrue(none.getReason().contains("requires an agent token"), none.getReason());
      HelloReply wrong = reply(collector, withToken("k5", "checkout", "not-a-configured-token-000000"));
      assertFalse(wrong.getAccepted());
      assertTrue(wrong.getReason().contains("not one of"), wrong.getReason());
      HelloReply bound = reply(collector, withToken("k6", "payments", CHECKOUT_TOKEN));
      assertFalse(bound.getAccepted());
      assertEquals("token 'checkout-team' does not admit service 'payments'; it admits [checkout]",
          bound.getReason());

      assertEquals(3, collector.ingestStats().rejections().count(RejectionCause.REJECTION_CAUSE_UNAUTHENTICATED));
      assertEquals(Map.of("unauthenticated", 3L), collector.ingestStats().rejections().snapshot());
      assertEquals(3, collector.agents().sessions().size(), "refused agents get no session");
      assertEquals(1, log.warnings().size(), "logged once per cause and peer:\n" + log.text());
      for (String token : List.of(CHECKOUT_TOKEN, ANY_TOKEN, "not-a-configured-token-000000")) {
        assertFalse(log.text().contains(token), "a token was logged:\n" + log.text());
      }
    }
  }

  private Collector start(Map<String, Object> security) throws InterruptedException {
    return Collector.start(CollectorSettings.builder(CollectorConfig.builder()
            .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
            .dataDir(dir.resolve("data")).build()).security(SecurityConfig.fromMap(security)).build());
  }

  private Map<String, Object> tls(String clientAuth) {
    return Map.of("cert-file", server.certFile().toString(), "key-file", server.keyFile().toString(),
        "client-ca-file", ca.certFile().toString(), "client-auth", clientAuth);
  }

  private static dev.faultline.proto.v1.Hello withToken(String id, String service, String token) {
    return hello(id, service, service.isEmpty() ? "probe-1" : service + "-1", "web-1").toBuilder()
        .setAuthToken(token).build();
  }

  private static HelloReply reply(Collector collector, dev.faultline.proto.v1.Hello hello) throws IOException {
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      ServerFrame frame = agent.handshake(hello);
      if (!frame.getHelloReply().getAccepted()) {
        assertTrue(agent.closedByPeer(), "a refused handshake closes the connection");
      }
      return frame.getHelloReply();
    }
  }

  private static void awaitCount(Collector collector, RejectionCause cause, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (collector.ingestStats().rejections().count(cause) < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, collector.ingestStats().rejections().count(cause));
  }
}
