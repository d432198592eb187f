package dev.faultline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParsersTest {

  @Test
  void durationsAcceptMillisSecondsMinutesAndHours() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
    assertEquals(Duration.ofMinutes(1), Durations.parse(" 1M "));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
  }

  @Test
  void durationsRefuseBareNumbersAndUnknownUnits() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("10"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("10d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("1.5s"));
  }

  @Test
  void byteSizesAreBinary() {
    assertEquals(100, ByteSizes.parse("100"));
    assertEquals(512 * 1024, ByteSizes.parse("512k"));
    assertEquals(8L << 20, ByteSizes.parse("8MiB"));
    assertEquals(1L << 30, ByteSizes.parse("1g"));
    assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("8 parsecs"));
  }

  @Test
  void endpointsNeedHostAndPort() {
    assertEquals(new Endpoint("127.0.0.1", 9470), Endpoint.parse("127.0.0.1:9470"));
    assertEquals(new Endpoint("::1", 9470), Endpoint.parse("[::1]:9470"));
    assertEquals("[::1]:9470", Endpoint.parse("[::1]:9470").toString());
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost"));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost:0"));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost:http"));
  }

  @Test
  void serviceNameComesFromMainJarOrMainClass() {
    assertEquals("orders-service", ServiceNames.fromCommand("/opt/app/orders-service.jar --port 8080"));
    assertEquals("CheckoutMain", ServiceNames.fromCommand("com.acme.checkout.CheckoutMain arg"));
    assertEquals("Main", ServiceNames.fromCommand("app.module/com.acme.Main"));
    assertEquals(ServiceNames.UNKNOWN, ServiceNames.fromCommand(null));
    assertEquals(ServiceNames.UNKNOWN, ServiceNames.fromCommand("  "));
  }
}
