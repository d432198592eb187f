package dev.faultline.collector.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LoadGeneratorTest {

  @Test
  void creditCarriesFractionsSoThatLowRatesAreMetOnAverage() {
    LoadGenerator.RequestCredit credit = new LoadGenerator.RequestCredit();
    int sent = 0;
    for (int tick = 0; tick < 1000; tick++) {
      sent += credit.due(30, 0.005); // 0.15 requests per tick
    }
    assertEquals(150, sent);
    assertEquals(0, credit.due(-5, 0.005));
    assertEquals(0, credit.due(Double.NaN, 0.005));
  }

  @Test
  void followsTheRateSupplierAgainstARealServer() throws Exception {
    AtomicInteger received = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      received.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    AtomicReference<Double> rate = new AtomicReference<>(0.0);
    try (LoadGenerator generator = LoadGenerator.start(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), () -> rate.get())) {
      Thread.sleep(1500);
      assertEquals(0, received.get(), "rate 0 sends nothing");
      rate.set(100.0);
      Thread.sleep(1000);
      rate.set(0.0);
      Thread.sleep(300);
      int got = received.get();
      assertTrue(got >= 60 && got <= 130, "about 100 requests in one second at 100/s, got " + got);
    } finally {
      server.stop(0);
    }
  }
}
