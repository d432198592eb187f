package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteFolderTest {

  @ParameterizedTest
  @CsvSource({
      "/users/123, /users/{id}",
      "/users/123/orders/9, /users/{id}/orders/{id}",
      "/o/123e4567-e89b-12d3-a456-426614174000, /o/{id}",
      "/files/3f2a9c0e1b7d4e5f8a6b, /files/{id}",
      "/t/AbC123xyz789QwE456, /t/{id}",
      "/v2/search, /v2/search",
      "/users/, /users/",
      "/, /",
      "'', /",
      "/deadbeef, /deadbeef",
      "/authentication-service/health, /authentication-service/health",
  })
  void foldsIdentifierSegmentsIntoPlaceholders(String path, String route) {
    StringBuilder out = new StringBuilder();
    RouteFolder.fold(path, out);
    assertEquals(route, out.toString());
  }

  @ParameterizedTest
  @CsvSource({
      "/users/123/orders/9, 20",
      "/v2/search, 0",
      "/o/123e4567-e89b-12d3-a456-426614174000, 4",
      "/o/abcdefab-abcd-abcd-abcd-abcdefabcdef, 4",
      "/t/AbC123xyz789QwE456/x, 4",
      "/files/3f2a9c0e1b7d4e5f8a6b, 4",
      "7, 1",
      "'/users/', 0",
      "'//', 0",
      "/café/123, 4",
  })
  void scanMarksTheSegmentsThatFoldAndHashesAndComparesInPlace(String path, long identifierSegments) {
    long scanned = RouteFolder.scan("GET".hashCode(), path);
    assertEquals(identifierSegments, scanned >>> 32);
    StringBuilder out = new StringBuilder();
    RouteFolder.fold(path, out);
    String route = out.toString();
    assertEquals(("GET" + route).hashCode(), (int) scanned, "the hash of the folded route, not built");
    assertTrue(RouteFolder.matchesFolded(route, path, identifierSegments));
    assertFalse(RouteFolder.matchesFolded(route + "x", path, identifierSegments));
    assertFalse(RouteFolder.matchesFolded(route.substring(1), path, identifierSegments));
  }

  @Test
  void scanLeavesRoutesThatWouldBeCutOrHaveTooManySegmentsToTheBuilder() {
    assertTrue(RouteFolder.scan(0, "/segment".repeat(100)) < 0);
    assertTrue(RouteFolder.scan(0, "/x".repeat(RouteFolder.MAX_SCANNED_SEGMENTS)) < 0);
    assertEquals(0, RouteFolder.scan(0, "/x".repeat(RouteFolder.MAX_SCANNED_SEGMENTS - 1)) >>> 32);
  }

  @Test
  void capsTheRouteLength() {
    StringBuilder out = new StringBuilder();
    RouteFolder.fold("/segment".repeat(100), out);
    assertEquals(RouteFolder.MAX_ROUTE_CHARS, out.length());
  }
}
