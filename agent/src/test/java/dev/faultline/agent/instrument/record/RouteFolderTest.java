package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  @Test
  void capsTheRouteLength() {
    StringBuilder out = new StringBuilder();
    RouteFolder.fold("/segment".repeat(100), out);
    assertEquals(RouteFolder.MAX_ROUTE_CHARS, out.length());
  }
}
