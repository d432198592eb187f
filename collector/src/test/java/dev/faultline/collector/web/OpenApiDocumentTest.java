package dev.faultline.collector.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

  private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/(schemas|responses)/([A-Za-z]+)\"");

  private final StaticAssets assets = StaticAssets.dashboard();

  @Test
  void isOpenApi3WithTheRoutesTheDashboardCalls() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(assets.resolve("/openapi.json").content());
    assertTrue(doc.path("openapi").asText().startsWith("3."), "openapi version");
    JsonNode paths = doc.path("paths");
    for (String route : routesCalledByTheClient()) {
      assertTrue(paths.has(route), "openapi.json lacks " + route);
      assertNotNull(paths.path(route).get("get"), route + " has no GET");
    }
    for (String implemented : List.of("/healthz", "/api/v1/agents", "/api/v1/services", "/api/v1/hosts",
        "/api/v1/series", "/api/v1/query")) {
      assertTrue(paths.has(implemented), "openapi.json lacks " + implemented);
    }
  }

  @Test
  void everyReferenceResolves() throws Exception {
    String text = new String(assets.resolve("/openapi.json").content(), StandardCharsets.UTF_8);
    JsonNode components = new ObjectMapper().readTree(text).path("components");
    Matcher m = REF.matcher(text);
    int refs = 0;
    while (m.find()) {
      assertTrue(components.path(m.group(1)).has(m.group(2)), "dangling $ref " + m.group());
      refs++;
    }
    assertTrue(refs > 20, "only " + refs + " references");
  }

  @Test
  void everyOperationHasAnIdAndA200() throws Exception {
    JsonNode paths = new ObjectMapper().readTree(assets.resolve("/openapi.json").content()).path("paths");
    List<String> ids = new ArrayList<>();
    paths.fields().forEachRemaining(e -> {
      JsonNode get = e.getValue().path("get");
      ids.add(get.path("operationId").asText());
      assertTrue(get.path("responses").has("200"), e.getKey() + " has no 200");
    });
    assertEquals(ids.size(), ids.stream().distinct().count(), "duplicate operationId in " + ids);
    assertTrue(ids.stream().noneMatch(String::isEmpty), "an operation has no operationId");
  }

  /** The paths api.js builds, as OpenAPI paths ("api/v1/incidents/${...}" becomes "/api/v1/incidents/{id}"). */
  private List<String> routesCalledByTheClient() {
    String client = new String(assets.resolve("/js/api.js").content(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?:getJson|URL)\\([`'](healthz|api/[a-z0-9/_.]+(?:\\$\\{[^}]+\\})?)[`']").matcher(client);
    List<String> routes = new ArrayList<>();
    while (m.find()) {
      routes.add("/" + m.group(1).replaceAll("\\$\\{[^}]+\\}", "{id}"));
    }
    assertTrue(routes.size() >= 10, "found only " + routes + " in api.js");
    return routes;
  }
}
