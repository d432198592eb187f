package dev.faultline.collector.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Sends a stream of asynchronous GET requests to one URI until closed, at a request rate read from a
 * {@link DoubleSupplier} on every tick, so that a benchmark can ramp the load. Arrivals are a Poisson process
 * (independent users), not evenly spaced: evenly spaced requests never queue below a pool's capacity, so a ramp
 * would show no queueing until the cliff.
 */
final class LoadGenerator implements AutoCloseable {

  /** Seed of the arrival process: the same ramp gives the same sequence of arrivals per tick. */
  static final long SEED = 20261127L;

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
  private final PoissonArrivals arrivals = new PoissonArrivals(SEED);

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
          int due = generator.arrivals.due(requestsPerSecond.getAsDouble(), TICK_MICROS / 1e6);
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
   * The number of arrivals in each tick of a Poisson process at the given rate (Knuth's product of uniforms: the
   * mean per 5 ms tick is below one at the demo's rates). Not thread-safe: used by the single scheduler thread.
   */
  static final class PoissonArrivals {
    /** Above this mean per tick the product method loses precision; the rate is then met tick by tick in parts. */
    private static final double MAX_MEAN = 30;

    private final SplittableRandom random;

    PoissonArrivals(long seed) {
      this.random = new SplittableRandom(seed);
    }

    /** Arrivals in a tick of {@code tickSeconds} at {@code ratePerSecond}; a negative or NaN rate sends none. */
    int due(double ratePerSecond, double tickSeconds) {
      if (!(ratePerSecond > 0)) {
        return 0;
      }
      double mean = ratePerSecond * tickSeconds;
      int total = 0;
      for (; mean > MAX_MEAN; mean -= MAX_MEAN) {
        total += draw(MAX_MEAN);
      }
      return total + draw(mean);
    }

    private int draw(double mean) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      int n = 0;
      while (product > limit) {
        product *= random.nextDouble();
        n++;
      }
      return n;
    }
  }
}
