package dev.faultline.collector.query;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static dev.faultline.collector.testing.QueryHttp.json;
import static dev.faultline.collector.testing.QueryHttp.send;
import static dev.faultline.collector.testing.QueryHttp.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.testing.SharedCollector;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(20)
class QueryApiTest {

  private static final String CHECKOUT_THREADS =
      "jvm_threads_live{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}";

  @RegisterExtension static final SharedCollector shared = SharedCollector.empty();
  private static Collector collector;
  private static long now;

  @BeforeAll
  static void start() throws Exception {
    collector = shared.collector();
    now = RunningCollector.feedFleet(collector);
  }

  private static JsonNode get(String pathAndQuery, int expectedStatus) {
    return getJson(collector.queryAddress(), pathAndQuery, expectedStatus);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void healthzSaysOk() throws Exception {
    JsonNode body = get("/healthz", 200);
    assertEquals("ok", body.path("status").asText());
    assertEquals(5, body.path("series").asInt());
  }

  @Test
  void servicesListInstancesWithHostAndVersion() throws Exception {
    JsonNode services = get("/api/v1/services", 200).path("services");
    assertEquals(2, services.size());
    assertEquals("checkout", services.get(0).path("name").asText());
    JsonNode instance = services.get(0).path("instances").get(0);
    assertEquals("checkout-1", instance.path("instance").asText());
    assertEquals("web-1", instance.path("host").asText());
    assertEquals("0.1.0", instance.path("agent_version").asText());
    Instant.parse(instance.path("last_seen").asText());
  }

  @Test
  void hostsIncludeProbeFlag() throws Exception {
    JsonNode hosts = get("/api/v1/hosts", 200).path("hosts");
    assertEquals(2, hosts.size());
    assertEquals("web-1", hosts.get(0).path("host").asText());
    assertFalse(hosts.get(0).path("host_probe").asBoolean());
    assertTrue(hosts.get(1).path("host_probe").asBoolean());
  }

  @Test
  void seriesAreFilteredByServiceHostAndMetric() throws Exception {
    assertEquals(5, get("/api/v1/series", 200).path("series").size());
    // host_load1 of web-1 belongs to the host, not to the checkout service
    assertEquals(2, get("/api/v1/series?service=checkout", 200).path("series").size());
    JsonNode web2 = get("/api/v1/series?host=web-2", 200).path("series");
    assertEquals(2, web2.size());
    JsonNode threads = get("/api/v1/series?metric=jvm_threads_live&host=web-1", 200).path("series");
    assertEquals(1, threads.size());
    JsonNode s = threads.get(0);
    assertEquals(CHECKOUT_THREADS, s.path("id").asText());
    assertEquals(3, s.path("points").asInt());
    assertEquals(3.0, s.path("last_value").asDouble());
    assertEquals("gauge", s.path("type").asText());
    assertEquals(2, get("/api/v1/series?metric=host_*", 200).path("series").size());
    assertEquals("/orders", get("/api/v1/series?metric=http_requests_rate", 200)
        .path("series").get(0).path("labels").path("endpoint").asText());
  }

  @Test
  void queryReturnsSamplesInTheDefaultWindow() throws Exception {
    JsonNode body = get("/api/v1/query?series=" + enc(CHECKOUT_THREADS), 200);
    assertEquals(CHECKOUT_THREADS, body.path("series").asText());
    JsonNode samples = body.path("samples");
    assertEquals(3, samples.size());
    assertEquals(now - 180_000, samples.get(0).get(0).asLong());
    assertEquals(1.0, samples.get(0).get(1).asDouble());
  }

  @Test
  void queryAcceptsRelativeEpochAndRfc3339Times() throws Exception {
    assertEquals(1, get("/api/v1/query?series=" + enc(CHECKOUT_THREADS) + "&from=-90s", 200).path("samples").size());
    String from = Long.toString((now - 150_000) / 1000);
    assertEquals(2, get("/api/v1/query?series=" + enc(CHECKOUT_THREADS) + "&from=" + from, 200)
        .path("samples").size());
    String to = enc(Instant.ofEpochMilli(now - 150_000).toString());
    assertEquals(1, get("/api/v1/query?series=" + enc(CHECKOUT_THREADS) + "&from=-1h&to=" + to, 200)
        .path("samples").size());
  }

  @Test
  void badTimeIsA400NamingTheParameter() throws Exception {
    JsonNode body = get("/api/v1/query?series=" + enc(CHECKOUT_THREADS) + "&from=yesterday", 400);
    assertEquals("from", body.path("parameter").asText());
    assertTrue(body.path("error").asText().contains("yesterday"));
  }

  @Test
  void fromAfterToIsA400() throws Exception {
    assertEquals("from", get("/api/v1/query?series=" + enc(CHECKOUT_THREADS) + "&from=-1m&to=-2m", 400)
        .path("parameter").asText());
  }

  @Test
  void missingSeriesParameterIsA400() throws Exception {
    assertEquals("series", get("/api/v1/query", 400).path("parameter").asText());
  }

  @Test
  void unknownSeriesIsA404() throws Exception {
    JsonNode body = get("/api/v1/query?series=" + enc("nope{}"), 404);
    assertEquals("series", body.path("parameter").asText());
  }

  @Test
  void unknownRouteIsA404() throws Exception {
    assertTrue(get("/api/v1/nothing", 404).path("error").asText().contains("/api/v1/nothing"));
  }

  @Test
  void postIsA405() throws Exception {
    HttpResponse<String> r = send("POST", url(collector.queryAddress(), "/api/v1/services"));
    assertEquals(405, r.statusCode());
    assertTrue(json(r).has("error"));
  }

  @Test
  void timeParserForms() {
    long t = 1_764_214_200_000L;
    assertEquals(t, TimeParser.parse("now", t));
    assertEquals(t - 900_000, TimeParser.parse("-15m", t));
    assertEquals(1_764_214_200_000L, TimeParser.parse("1764214200", 0));
    assertEquals(1_764_214_200_500L, TimeParser.parse("1764214200.5", 0));
    assertEquals(1_764_214_200_000L, TimeParser.parse("2025-11-27T03:30:00Z", 0));
    assertEquals(1_764_214_200_000L, TimeParser.parse("2025-11-27T04:30:00+01:00", 0));
  }
}
