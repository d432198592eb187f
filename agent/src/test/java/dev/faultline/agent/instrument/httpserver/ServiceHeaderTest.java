package dev.faultline.agent.instrument.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.Headers;
import dev.faultline.agent.instrument.AgentTestSupport;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The response header written into the map behind {@code Headers}, read back through the public API. */
class ServiceHeaderTest {

  @BeforeAll
  static void openAsTheAgentDoes() {
    RequestHeaderMaps.open(AgentTestSupport.instrumentation());
  }

  @Test
  void writesTheEntryHeadersWouldAndTheApplicationCanStillAddToIt() {
    Headers headers = new Headers();
    assertNotNull(RequestHeaderMaps.of(headers), "written through the map, not Headers.set");

    ServiceHeader.set(headers, "payments");

    assertEquals("payments", headers.getFirst("x-faultline-service"));
    assertEquals("payments", headers.getFirst("X-Faultline-Service"));
    assertEquals(1, headers.size());
    headers.add("x-faultline-service", "second");
    assertEquals(List.of("payments", "second"), headers.get("X-FAULTLINE-SERVICE"));
    ServiceHeader.set(headers, "payments");
    assertEquals(List.of("payments"), headers.get("x-faultline-service"), "replaced, as Headers.set does");
  }

  @Test
  void aHeadersSubclassIsWrittenThroughItsOwnSet() {
    List<String> names = new java.util.ArrayList<>();
    Headers headers = new Headers() {
      @Override
      public void set(String key, String value) {
        names.add(key);
        super.set(key, value);
      }
    };

    ServiceHeader.set(headers, "payments");

    assertEquals(List.of("x-faultline-service"), names);
    assertEquals("payments", headers.getFirst("x-faultline-service"));
  }
}
