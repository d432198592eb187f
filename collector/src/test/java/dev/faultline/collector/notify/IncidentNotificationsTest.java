package dev.faultline.collector.notify;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.testing.QueryHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real collector's incident lifecycle drives the notifications: open, escalation, resolve reach a receiver on
 * 127.0.0.1, and {@code GET /api/v1/notifications} on the query port shows them.
 */
@Timeout(30)
class IncidentNotificationsTest {

  @TempDir Path dataDir;

  @Test
  void openEscalationAndResolveAreDeliveredAndListed() throws Exception {
    try (Receiver receiver = new Receiver(1)) {
      NotificationConfig notifications = NotificationConfig.none()
          .withTargets(List.of(NotifierTest.webhook("am", TargetConfig.Type.ALERTMANAGER, receiver.url())))
          .withRetry(Duration.ofMillis(50), Duration.ofMillis(100), 5);
      CollectorConfig config = CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
          .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dataDir).build();
      LiveConfig live = LiveConfig.defaults().withGrouping(Duration.ofMinutes(2), Duration.ofMinutes(5));
      try (Collector collector = Collector.start(
          CollectorSettings.builder(config).live(live).notifications(notifications).build())) {
        long t = System.currentTimeMillis();
        long a = collector.live().opened(key("latency_p99_seconds", "checkout"), t, 0.9);
        long b = collector.live().opened(key("error_ratio", "checkout"), t + 1000, 0.8); // errors appeared
        long c = collector.live().opened(key("latency_p99_seconds", "checkout"), t + 2000, 0.7); // nothing new
        collector.live().closed(a, t + 3000, 0.9);
        collector.live().closed(b, t + 3000, 0.8);
        collector.live().closed(c, t + 3000, 0.7);
        collector.live().tick(t + 3000 + Duration.ofMinutes(5).toMillis());

        List<Receiver.Request> requests = receiver.await(4, Duration.ofSeconds(10)); // 503 first, then 3 posts
        assertEquals(List.of("firing", "firing", "firing", "resolved"),
            requests.stream().map(r -> r.body().path("status").asText()).toList());
        assertEquals("escalated: errors appeared",
            requests.get(2).body().path("alerts").get(0).path("annotations").path("description").asText());
        String base = "http://" + collector.queryAddress().getHostString() + ":" + collector.queryAddress().getPort();
        assertEquals(base + "/", requests.get(3).body().path("externalURL").asText());

        NotifierTest.awaitTrue(() -> delivered(collector) == 3, Duration.ofSeconds(10));
        JsonNode body = getJson(collector.queryAddress(), "/api/v1/notifications");
        assertEquals("am", body.path("targets").get(0).path("name").asText());
        assertEquals("alertmanager", body.path("targets").get(0).path("type").asText());
        assertEquals(List.of("resolve", "update", "open"),
            List.of(body.path("notifications").get(0).path("event").asText(),
                body.path("notifications").get(1).path("event").asText(),
                body.path("notifications").get(2).path("event").asText()));
        assertEquals(2, body.path("notifications").get(2).path("attempts").asInt(), "the open needed a retry");
        assertEquals(400, QueryHttp.get(collector.queryAddress(), "/api/v1/notifications?limit=0").statusCode());
      }
    }
  }

  private static SeriesKey key(String metric, String service) {
    return SeriesKey.of(metric, Map.of(), service, service + "-1", "web-1");
  }

  private static int delivered(Collector collector) {
    try {
      int n = 0;
      for (JsonNode e : getJson(collector.queryAddress(), "/api/v1/notifications").path("notifications")) {
        n += e.path("status").asText().equals("delivered") ? 1 : 0;
      }
      return n;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
