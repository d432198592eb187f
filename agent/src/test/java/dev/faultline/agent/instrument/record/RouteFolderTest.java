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
      "7, 1",
      "'/users/', 0",
  })
  void marksTheSegmentsThatFoldAndComparesAndHashesInPlace(String path, long identifierSegments) {
    assertEquals(identifierSegments, RouteFolder.identifierSegments(path));
    StringBuilder out = new StringBuilder();
    RouteFolder.fold(path, out);
    String route = out.toString();
    assertTrue(RouteFolder.matchesFolded(route, path, identifierSegments));
    assertFalse(RouteFolder.matchesFolded(route + "x", path, identifierSegments));
    assertFalse(RouteFolder.matchesFolded(route.substring(1), path, identifierSegments));
    assertEquals(("GET" + route).hashCode(), RouteFolder.foldedHash("GET".hashCode(), path, identifierSegments));
  }

  @Test
  void leavesRoutesThatWouldBeCutOrHaveTooManySegmentsToTheBuilder() {
    assertEquals(-1, RouteFolder.identifierSegments("/segment".repeat(100)));
    assertEquals(-1, RouteFolder.identifierSegments("/x".repeat(RouteFolder.MAX_MASKED_SEGMENTS)));
    assertEquals(0, RouteFolder.identifierSegments("/x".repeat(RouteFolder.MAX_MASKED_SEGMENTS - 1)));
  }

  @Test
  void capsTheRouteLength() {
    StringBuilder out = new StringBuilder();
    RouteFolder.fold("/segment".repeat(100), out);
    assertEquals(RouteFolder.MAX_ROUTE_CHARS, out.length());
  }
}
