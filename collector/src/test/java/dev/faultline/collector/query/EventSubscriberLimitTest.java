package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.live.LiveConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class EventSubscriberLimitTest {

  @TempDir Path dataDir;

  private static String statusLine(Socket s) throws Exception {
    s.setSoTimeout(5000);
    s.getOutputStream().write("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
  }

  @Test
  void subscribersBeyondTheBoundGet503() throws Exception {
    LiveConfig d = LiveConfig.defaults();
    LiveConfig one = new LiveConfig(d.enabled(), d.workers(), d.queueBatches(), d.maxSeries(), d.maxAnomalies(),
        d.maxIncidents(), d.incidentWindow(), d.quietPeriod(), d.edgeTtl(), 1, d.detection());
    CollectorConfig config = CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dataDir).build();
    try (Collector collector = Collector.start(CollectorSettings.builder(config).live(one).build());
        Socket first = new Socket("127.0.0.1", collector.queryAddress().getPort());
        Socket second = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      assertTrue(statusLine(first).startsWith("HTTP/1.1 200"));
      assertEquals("HTTP/1.1 503 Service Unavailable", statusLine(second));
    }
  }
}
