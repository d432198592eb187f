package dev.faultline.collector.query;

import dev.faultline.collector.perf.PerfModelService;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import java.time.Duration;
import java.util.Optional;

/**
 * The performance-model routes, read from published models only (training never runs on a query thread):
 *
 * <pre>
 * GET /api/v1/services/{name}/model             the model summary
 * GET /api/v1/services/{name}/whatif?load=2.0    latency at a load multiple (2, 2.0, 2x or 150%)
 * GET /api/v1/services/{name}/capacity?p99=250   when the p99 objective (ms) breaks at the load trend
 * </pre>
 *
 * A service nobody reports, or one without a model yet, is a 404 naming {@code name}; a malformed {@code load} or
 * {@code p99} a 400 naming it.
 */
public final class PerfRoutes {

  private final PerfModelService perf;
  private final SeriesStore store;
  private final Duration refreshPeriod;

  /**
   * @param perf the models
   * @param store to tell an unknown service from one without a model yet
   * @param refreshPeriod how often models are retrained (said in the "no model yet" answer)
   */
  public PerfRoutes(PerfModelService perf, SeriesStore store, Duration refreshPeriod) {
    this.perf = perf;
    this.store = store;
    this.refreshPeriod = refreshPeriod;
  }

  public Router register(Router router) {
    return router.get("/api/v1/services/{name}/model", this::model)
        .get("/api/v1/services/{name}/whatif", this::whatIf)
        .get("/api/v1/services/{name}/capacity", this::capacity);
  }

  Object model(ApiRequest request) {
    String name = request.pathParameter("name");
    return orNotFound(name, perf.model(name));
  }

  Object whatIf(ApiRequest request) {
    String name = request.pathParameter("name");
    double load = positive(request, "load", "a load multiple like 2, 2.0, 2x or 150%");
    return orNotFound(name, perf.whatIf(name, load));
  }

  Object capacity(ApiRequest request) {
    String name = request.pathParameter("name");
    double p99 = positive(request, "p99", "the p99 objective in milliseconds, e.g. 250");
    return orNotFound(name, perf.capacity(name, p99));
  }

  /** A required parameter parsed as a multiple ({@link PerfModelService#parseLoadMultiple}); 400 naming it. */
  private static double positive(ApiRequest request, String name, String expected) {
    String text = request.parameter(name);
    if (text == null) {
      throw ApiException.badParameter(name, "missing required parameter '" + name + "': " + expected);
    }
    try {
      double v = PerfModelService.parseLoadMultiple(text);
      if (name.equals("p99") && !text.strip().matches("[0-9.]+")) {
        throw new IllegalArgumentException("not a number");
      }
      return v;
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(name, "invalid value for '" + name + "': '" + text + "'; expected " + expected);
    }
  }

  private <T> T orNotFound(String name, Optional<T> answer) {
    if (answer.isPresent()) {
      return answer.get();
    }
    boolean known = store.registry().services().stream().map(Registry.Service::name).anyMatch(name::equals);
    if (!known) {
      throw ApiException.notFound("no service '" + name + "' (list them with /api/v1/services)", "name");
    }
    throw ApiException.notFound("no performance model for '" + name + "' yet: it needs at least 30 reporting "
        + "intervals with traffic, and models are retrained every " + refreshPeriod.toMinutes() + " min", "name");
  }
}
