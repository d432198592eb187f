package dev.faultline.collector.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The fault the demo grows by itself: once the detectors have warmed up on the healthy fleet, {@link #FAULT} is
 * injected into {@link #SERVICE} through its {@code /admin/fault} endpoint, so that an incident opens and live
 * root-cause analysis ranks payments with the path {@code payments -> checkout -> frontend}. One line tells the
 * user what was injected and where to look.
 *
 * <pre>{@code
 * DemoFault fault = DemoFault.schedule(fleet.endpoints(), Duration.ofMinutes(6), "127.0.0.1:9471", log::info);
 * fault.close();   // cancels it if it has not happened yet
 * }</pre>
 */
public final class DemoFault implements AutoCloseable {

  public static final String SERVICE = "payments";
  /** 300 ms of latency on every request: payments' callers wait for it, so it spreads up the call chain. */
  public static final String FAULT = "latency-ms=300";

  private static final Logger log = Logger.getLogger("demo");

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "faultline-demo-fault");
    t.setDaemon(true);
    return t;
  });

  private DemoFault() {}

  /**
   * Injects the fault into {@code endpoints.get(SERVICE)} after {@code delay}.
   *
   * @param queryAddress the collector's query port as host:port, named in the announcement
   * @param announce receives the line for the user once the fault is in
   */
  public static DemoFault schedule(java.util.Map<String, URI> endpoints, Duration delay, String queryAddress,
      Consumer<String> announce) {
    URI service = endpoints.get(SERVICE);
    if (service == null) {
      throw new IllegalArgumentException("the demo fleet has no " + SERVICE + " service");
    }
    DemoFault fault = new DemoFault();
    fault.timer.schedule(() -> fault.inject(service, queryAddress, announce), delay.toMillis(), TimeUnit.MILLISECONDS);
    return fault;
  }

  private void inject(URI service, String queryAddress, Consumer<String> announce) {
    URI admin = service.resolve("/admin/fault?" + FAULT);
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
          HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody())
              .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        log.warning("demo: " + SERVICE + " refused the fault (" + r.statusCode() + "): " + r.body().trim());
        return;
      }
      announce.accept(announcement(admin, queryAddress));
    } catch (java.io.IOException e) {
      log.warning("demo: cannot inject the fault into " + SERVICE + " at " + admin + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the user reads: what was injected, what to expect, where to look, how to undo it. */
  static String announcement(URI admin, String queryAddress) {
    return "demo: injected 300 ms of latency into " + SERVICE + " (POST " + admin + "). Within a minute an incident"
        + " opens and its root cause is ranked: " + SERVICE + ", spreading " + SERVICE + " -> checkout -> frontend."
        + " Look at http://" + queryAddress + "/ or run `install/faultline incidents` and `install/faultline"
        + " incident ID`. Undo: curl -X POST '" + admin.resolve("/admin/fault?clear") + "'";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
