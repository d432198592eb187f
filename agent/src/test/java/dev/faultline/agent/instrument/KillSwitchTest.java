package dev.faultline.agent.instrument;

import static dev.faultline.agent.instrument.AgentTestSupport.edge;
import static dev.faultline.agent.instrument.AgentTestSupport.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.instrument.httpserver.HttpUrls;
import dev.faultline.agent.instrument.httpserver.TestServer;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.IntervalReport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-library and global kill switches. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KillSwitchTest {

  @Test
  void disabledLibraryIsNotInstrumentedWhileOthersAre() throws Exception {
    InstrumentationSettings settings = InstrumentationSettings.builder("shop")
        .disable(InstrumentationSettings.URL_CONNECTION).disable(InstrumentationSettings.JDBC).build();
    try (InstrumentationHandle handle = AgentTestSupport.install(settings); TestServer server = new TestServer()) {
      assertFalse(handle.active(InstrumentationSettings.URL_CONNECTION));
      assertTrue(handle.active(InstrumentationSettings.HTTP_SERVER));

      HttpUrls.get(server.uri("/echo"));

      assertEquals("null", server.received.get("caller"), "no propagation header from a disabled client");
      server.awaitIdle();
      IntervalReport report = handle.drain(System.currentTimeMillis());
      assertEquals(1, endpoint(report, "GET /echo").orElseThrow().requests());
      assertTrue(edge(report, server.hostPort(), EdgeSide.CALLER).isEmpty());
      assertTrue(edge(report, "shop", EdgeSide.CALLER).isEmpty());
    }
  }

  @Test
  void globalSwitchInstallsNothing() throws Exception {
    InstrumentationSettings settings = InstrumentationSettings.builder("shop").enabled(false).build();
    try (InstrumentationHandle handle = AgentTestSupport.install(settings); TestServer server = new TestServer()) {
      HttpUrls.get(server.uri("/echo"));

      assertFalse(handle.active(InstrumentationSettings.HTTP_SERVER));
      server.awaitIdle();
      assertTrue(handle.drain(System.currentTimeMillis()).endpoints().isEmpty());
    }
  }
}
