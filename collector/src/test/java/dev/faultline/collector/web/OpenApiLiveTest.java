package dev.faultline.collector.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.collector.testing.PerfHistoryFeed;
import dev.faultline.collector.testing.QueryHttp;
import dev.faultline.collector.testing.SharedCollector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keeps openapi.json true: every documented route of a real collector (fed {@link LiveScenario} and {@link
 * PerfHistoryFeed}) answers 200 with the properties its schema requires, every documented time parameter accepts
 * the documented forms and rejects garbage with a 400 naming it, and every paged route pages the same way.
 */
@Timeout(90)
class OpenApiLiveTest {

  @RegisterExtension static final SharedCollector shared = SharedCollector.empty();
  private static Collector collector;
  private static JsonNode doc;
  private static Map<String, String> pathValues;
  private static String series;
  private static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    collector = shared.collector();
    LiveScenario.feed(collector, System.currentTimeMillis());
    PerfHistoryFeed.feed(collector, "orders", System.currentTimeMillis());
    assertTrue(collector.perf().trainer().trainNow("orders").get(40, TimeUnit.SECONDS).isPresent());
    String incident = collector.live().incidents().list(i -> true).get(0).id();
    pathValues = Map.of("id", incident, "name", "orders");
    series = collector.store().list(k -> k.service().equals("payments")).get(0).key().id();
    doc = json.readTree(StaticAssets.dashboard().resolve("/openapi.json").content());
  }

  @Test
  void everyDocumentedRouteAnswersWithTheRequiredProperties() throws Exception {
    List<String> checked = new ArrayList<>();
    for (var it = doc.path("paths").fields(); it.hasNext(); ) {
      var e = it.next();
      String path = e.getKey();
      if (path.equals("/api/v1/events")) {
        continue; // an endless event stream; EventsAndAssetsTest reads it
      }
      JsonNode get = e.getValue().path("get");
      HttpResponse<String> r = QueryHttp.get(url(path, get, Map.of()));
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      JsonNode schema = get.path("responses").path("200").path("content").path("application/json").path("schema");
      if (!schema.isMissingNode()) {
        assertConforms(json.readTree(r.body()), schema, path);
      }
      checked.add(path);
    }
    assertTrue(checked.size() >= 15, "checked only " + checked);
  }

  @Test
  void everyTimeParameterAcceptsTheDocumentedFormsAndNamesItselfWhenMalformed() throws Exception {
    long now = System.currentTimeMillis();
    List<String> forms = List.of("-15m", "now", String.valueOf(now / 1000), Instant.ofEpochMilli(now).toString(),
        "2026-11-27T03:30:00+01:00");
    int checked = 0;
    for (var it = doc.path("paths").fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode get = e.getValue().path("get");
      for (JsonNode p : get.path("parameters")) {
        if (!p.path("description").asText().startsWith("Epoch seconds")) {
          continue;
        }
        String name = p.path("name").asText();
        for (String form : forms) {
          HttpResponse<String> ok =
              QueryHttp.get(url(e.getKey(), get, Map.of(name, name.equals("from") ? "-1h" : form)));
          assertEquals(200, ok.statusCode(), e.getKey() + "?" + name + "=" + form + ": " + ok.body());
        }
        HttpResponse<String> bad = QueryHttp.get(url(e.getKey(), get, Map.of(name, "yesterday")));
        assertEquals(400, bad.statusCode(), e.getKey() + " " + name);
        JsonNode error = json.readTree(bad.body());
        assertEquals(name, error.path("parameter").asText());
        assertEquals("invalid value for '" + name + "': 'yesterday'; expected epoch seconds, RFC 3339 "
            + "(2026-11-27T03:30:00Z), 'now' or relative like -15m", error.path("error").asText());
        checked++;
      }
    }
    assertTrue(checked >= 3, "only " + checked + " time parameters documented");
  }

  @Test
  void everyPagedRoutePagesWithLimitAndNextCursor() throws Exception {
    int checked = 0;
    for (var it = doc.path("paths").fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode get = e.getValue().path("get");
      if (!hasParameter(get, "cursor")) {
        continue;
      }
      assertTrue(hasParameter(get, "limit"), e.getKey() + " has a cursor but no limit");
      String listName = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
      // status=all where the route filters by status, so that resolved items count too
      Map<String, String> all = hasParameter(get, "status") ? Map.of("status", "all") : Map.of();
      JsonNode first = json.readTree(QueryHttp.get(url(e.getKey(), get, with(all, "limit", "1"))).body());
      assertEquals(1, first.path(listName).size(), e.getKey() + ": " + first);
      assertTrue(first.path("next_cursor").isTextual(), e.getKey() + " gave no next_cursor: " + first);
      JsonNode second = json.readTree(QueryHttp.get(url(e.getKey(), get,
          with(with(all, "limit", "1"), "cursor", first.path("next_cursor").asText()))).body());
      assertTrue(!second.path(listName).path(0).path("id").equals(first.path(listName).path(0).path("id")),
          e.getKey() + ": the second page repeats the first");
      for (String bad : List.of("0", "10001", "x")) { // 10001: over the default query.max-page-size
        HttpResponse<String> r = QueryHttp.get(url(e.getKey(), get, Map.of("limit", bad)));
        assertEquals(400, r.statusCode(), e.getKey() + " limit=" + bad);
        assertEquals("limit", json.readTree(r.body()).path("parameter").asText());
      }
      checked++;
    }
    assertEquals(3, checked, "series, incidents and anomalies are paged");
  }

  /** Checks {@code node} has every property {@code schema} requires, recursing into objects and array items. */
  private static void assertConforms(JsonNode node, JsonNode schema, String where) {
    schema = resolve(schema);
    if (schema.has("allOf")) {
      schema = resolve(schema.path("allOf").path(0));
    }
    if (node.isNull() && schema.path("nullable").asBoolean()) {
      return;
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    switch (type) {
      case "object" -> {
        assertTrue(node.isObject(), where + " is not an object: " + node);
        for (JsonNode required : schema.path("required")) {
          assertTrue(node.has(required.asText()), where + " lacks required '" + required.asText() + "': " + node);
        }
        for (var it = schema.path("properties").fields(); it.hasNext(); ) {
          var p = it.next();
          if (node.hasNonNull(p.getKey())) {
            assertConforms(node.get(p.getKey()), p.getValue(), where + "." + p.getKey());
          }
        }
      }
      case "array" -> {
        assertTrue(node.isArray(), where + " is not an array: " + node);
        for (JsonNode item : node) {
          assertConforms(item, schema.path("items"), where + "[]");
        }
      }
      case "string" -> {
        assertTrue(node.isTextual(), where + " is not a string: " + node);
        if (schema.has("enum")) {
          List<String> allowed = new ArrayList<>();
          schema.path("enum").forEach(v -> allowed.add(v.asText()));
          assertTrue(allowed.contains(node.asText()), where + " = " + node + " not in " + allowed);
        }
      }
      case "number", "integer" -> assertTrue(node.isNumber(), where + " is not a number: " + node);
      case "boolean" -> assertTrue(node.isBoolean(), where + " is not a boolean: " + node);
      default -> { }
    }
  }

  private static JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String[] ref = schema.path("$ref").asText().substring(2).split("/");
      JsonNode target = doc;
      for (String part : ref) {
        target = target.path(part);
      }
      schema = target;
    }
    return schema;
  }

  private static boolean hasParameter(JsonNode get, String name) {
    for (JsonNode p : get.path("parameters")) {
      if (p.path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The route's URL: path parameters filled in, required query parameters from their examples, plus {@code extra}. */
  private static Map<String, String> with(Map<String, String> m, String key, String value) {
    Map<String, String> copy = new java.util.LinkedHashMap<>(m);
    copy.put(key, value);
    return copy;
  }

  private static URI url(String path, JsonNode get, Map<String, String> extra) {
    String filled = path;
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (JsonNode p : get.path("parameters")) {
      String name = p.path("name").asText();
      if (p.path("in").asText().equals("path")) {
        filled = filled.replace("{" + name + "}", URLEncoder.encode(pathValues.get(name), StandardCharsets.UTF_8));
      } else if (!extra.containsKey(name) && p.path("required").asBoolean()) {
        String value = name.equals("series") ? series : p.path("example").asText();
        query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    extra.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return URI.create("http://127.0.0.1:" + collector.queryAddress().getPort() + filled + query);
  }
}
