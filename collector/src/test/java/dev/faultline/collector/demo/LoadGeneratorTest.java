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
  void arrivalsArePoissonWithTheRatesMeanAndVariance() {
    LoadGenerator.PoissonArrivals arrivals = new LoadGenerator.PoissonArrivals(1);
    int ticks = 200_000;
    double sum = 0;
    double squares = 0;
    for (int tick = 0; tick < ticks; tick++) {
      int n = arrivals.due(80, 0.005); // mean 0.4 per tick
      sum += n;
      squares += (double) n * n;
    }
    double mean = sum / ticks;
    double variance = squares / ticks - mean * mean;
    assertEquals(0.4, mean, 0.01);
    assertEquals(0.4, variance, 0.02, "Poisson: variance equals the mean (evenly spaced arrivals would have ~0.24)");
    assertEquals(0, arrivals.due(-5, 0.005));
    assertEquals(0, arrivals.due(Double.NaN, 0.005));
  }

  @Test
  void aLargeMeanPerTickIsMetToo() {
    LoadGenerator.PoissonArrivals arrivals = new LoadGenerator.PoissonArrivals(2);
    long sent = 0;
    for (int tick = 0; tick < 1000; tick++) {
      sent += arrivals.due(20_000, 0.005); // mean 100 per tick
    }
    assertEquals(100_000, sent, 1500);
  }

  @Test
  void theSameSeedGivesTheSameArrivals() {
    LoadGenerator.PoissonArrivals a = new LoadGenerator.PoissonArrivals(7);
    LoadGenerator.PoissonArrivals b = new LoadGenerator.PoissonArrivals(7);
    for (int tick = 0; tick < 1000; tick++) {
      assertEquals(a.due(120, 0.005), b.due(120, 0.005));
    }
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
