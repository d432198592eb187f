package dev.faultline.collector.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Sends a steady stream of asynchronous GET requests to one URI until closed. */
final class LoadGenerator implements AutoCloseable {

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-load");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LoadGenerator() {}

  static LoadGenerator start(URI target, int requestsPerSecond) {
    LoadGenerator generator = new LoadGenerator();
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
    long periodMicros = 1_000_000L / requestsPerSecond;
    generator.scheduler.scheduleAtFixedRate(
        () -> generator.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()),
        1_000_000, periodMicros, TimeUnit.MICROSECONDS);
    return generator;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
