package dev.faultline.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.testing.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes a real collector's {@code GET /metrics} over 127.0.0.1 and reads the exposition strictly. */
@Timeout(30)
class MetricsEndpointTest {

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void exposesTheCollectorsOwnHealth() throws Exception {
    try (Collector collector = RunningCollector.start(dataDir)) {
      RunningCollector.feedFleet(collector); // 11 samples from three agents, which then disconnect
      try (TestAgent garbage = TestAgent.connect(collector.ingestAddress())) {
        garbage.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        garbage.read();
      }
      HttpResponse<String> response = scrape(collector);
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
      Exposition e = Exposition.parse(response.body());

      assertEquals("counter", e.types.get("faultline_ingest_samples_total"));
      assertEquals(11, e.value("faultline_ingest_samples_total"));
      assertEquals(5, e.value("faultline_ingest_batches_total", "result", "applied"));
      assertEquals(1, e.value("faultline_ingest_rejected_frames_total", "cause", "bad_magic"));
      assertEquals(0, e.value("faultline_ingest_rejected_frames_total", "cause", "frame_too_large"));
      assertTrue(e.value("faultline_ingest_bytes_total") > 11 * 8, "frames carry at least 8 bytes per sample");
      assertEquals(0, e.value("faultline_agents_connected"));
      assertEquals(0, e.value("faultline_agents_dropped_batches"));
      assertEquals(5, e.value("faultline_series"));
      assertEquals(0, e.value("faultline_incidents_open"));
      assertTrue(e.value("faultline_wal_written_bytes_total") > 0);
      assertTrue(e.value("faultline_wal_disk_bytes") > 0);
      assertEquals("histogram", e.types.get("faultline_wal_fsync_duration_seconds"));
      assertTrue(e.value("faultline_wal_fsync_duration_seconds_count") >= 1, "every ack waited for an fsync");
      assertEquals(e.value("faultline_wal_fsync_duration_seconds_count"),
          e.value("faultline_wal_fsync_duration_seconds_bucket", "le", "+Inf"));
      assertEquals("histogram", e.types.get("faultline_detection_batch_duration_seconds"));
      assertEquals("histogram", e.types.get("faultline_rca_duration_seconds"));
      assertTrue(e.value("jvm_memory_used_bytes", "area", "heap") > 0, "the collector's own JVM");
      assertTrue(e.value("jvm_threads_current") > 0);
      assertTrue(e.find("jvm_threads_live").isEmpty(), "agent series are off by default");

      assertTrue(collector.live().detection().awaitIdle(5, java.util.concurrent.TimeUnit.SECONDS));
      Exposition later = Exposition.parse(scrape(collector).body());
      assertEquals(5, later.value("faultline_detection_batch_duration_seconds_count"));
      assertEquals(11, later.value("faultline_detection_samples_total"));
    }
  }

  @Test
  void agentSeriesAreExposedWithTheirLabelsWhenConfigured() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).agentSeries(true).build();
    try (Collector collector = Collector.start(CollectorSettings.of(config))) {
      RunningCollector.feedFleet(collector);
      Exposition e = Exposition.parse(scrape(collector).body());
      assertEquals("gauge", e.types.get("jvm_threads_live"));
      assertEquals(3, e.value("jvm_threads_live", "service", "checkout", "instance", "checkout-1", "host", "web-1"));
      assertEquals(7, e.value("jvm_threads_live", "service", "payments"));
      assertEquals(3 * 10, e.value("http_requests_rate", "endpoint", "/orders", "service", "checkout"));
      // host metrics carry only their host: the agent's and the probe's reports on web-2 are one series
      assertEquals(0.25, e.value("host_load1", "host", "web-2"));
      assertFalse(e.find("host_load1", "host", "web-2").get(0).labels().containsKey("service"));
      assertEquals(0, e.value("faultline_metrics_agent_series_skipped"));
      assertTrue(e.value("faultline_ingest_samples_total") > 0, "the collector's own metrics stay");
    }
  }

  @Test
  void agentSeriesAreBoundedAndPrefixed() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).agentSeries(true).agentSeriesPrefix("fleet_").maxAgentSeries(2).build();
    try (Collector collector = Collector.start(CollectorSettings.of(config))) {
      RunningCollector.feedFleet(collector);
      Exposition e = Exposition.parse(scrape(collector).body());
      long exposed = e.samples.stream().filter(s -> s.name().startsWith("fleet_")).count();
      assertEquals(2, exposed);
      assertEquals(3, e.value("faultline_metrics_agent_series_skipped")); // of 5
    }
  }

  private HttpResponse<String> scrape(Collector collector) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.queryAddress().getPort()
        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
