package dev.faultline.collector.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Sends a stream of asynchronous GET requests to one URI until closed, at a request rate read from a
 * {@link DoubleSupplier} on every tick, so that a benchmark can ramp the load.
 */
final class LoadGenerator implements AutoCloseable {

  /** How often the rate is read and the due requests are sent. */
  static final long TICK_MICROS = 5_000;

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-load");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final RequestCredit credit = new RequestCredit();

  private LoadGenerator() {}

  static LoadGenerator start(URI target, int requestsPerSecond) {
    return start(target, () -> requestsPerSecond);
  }

  /** Starts after one second; {@code requestsPerSecond} is read every {@link #TICK_MICROS}. */
  static LoadGenerator start(URI target, DoubleSupplier requestsPerSecond) {
    LoadGenerator generator = new LoadGenerator();
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
    generator.scheduler.scheduleAtFixedRate(
        () -> {
          int due = generator.credit.due(requestsPerSecond.getAsDouble(), TICK_MICROS / 1e6);
          for (int i = 0; i < due; i++) {
            generator.client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
          }
        },
        1_000_000, TICK_MICROS, TimeUnit.MICROSECONDS);
    return generator;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /**
   * Turns a rate into whole requests per tick, carrying the fraction over, so that any rate (also below one request
   * per tick) is met on average. Not thread-safe: used by the single scheduler thread.
   */
  static final class RequestCredit {
    private double credit;

    /** Requests due in a tick of {@code tickSeconds} at {@code ratePerSecond}; a negative or NaN rate sends none. */
    int due(double ratePerSecond, double tickSeconds) {
      if (ratePerSecond > 0) {
        credit += ratePerSecond * tickSeconds;
      }
      int whole = (int) Math.floor(credit);
      credit -= whole;
      return whole;
    }
  }
}
