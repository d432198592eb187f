package dev.faultline.collector.query;

import dev.faultline.collector.perf.PerfModelService;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

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
  private final int minRows;

  /**
   * @param perf the models
   * @param store to tell an unknown service from one without a model yet
   * @param refreshPeriod how often models are retrained (said in the "no model yet" answer)
   * @param minRows reporting intervals a model needs (said in the "no model yet" answer)
   */
  public PerfRoutes(PerfModelService perf, SeriesStore store, Duration refreshPeriod, int minRows) {
    this.perf = perf;
    this.store = store;
    this.refreshPeriod = refreshPeriod;
    this.minRows = minRows;
  }

  public Router register(Router router) {
    return router.get("/api/v1/services/{name}/model", java.util.List.of(), this::model)
        .get("/api/v1/services/{name}/whatif", java.util.List.of("load"), this::whatIf)
        .get("/api/v1/services/{name}/capacity", java.util.List.of("p99"), this::capacity);
  }

  Object model(ApiRequest request) {
    String name = request.pathParameter("name");
    return orNotFound(name, perf.model(name));
  }

  Object whatIf(ApiRequest request) {
    String name = request.pathParameter("name");
    double load = parse(request, "load", "a load multiple like 2, 2.0, 2x or 150%",
        PerfModelService::parseLoadMultiple);
    return orNotFound(name, perf.whatIf(name, load));
  }

  Object capacity(ApiRequest request) {
    String name = request.pathParameter("name");
    double p99 = parse(request, "p99", "the p99 objective in milliseconds, a number > 0 like 250",
        PerfRoutes::positiveNumber);
    return orNotFound(name, perf.capacity(name, p99));
  }

  /** Required parameter {@code name} through {@code parser}; a 400 naming it when absent or rejected. */
  private static double parse(ApiRequest request, String name, String expected, ToDoubleFunction<String> parser) {
    String text = request.parameter(name);
    if (text == null) {
      throw ApiException.badParameter(name, "missing required parameter '" + name + "': " + expected);
    }
    try {
      return parser.applyAsDouble(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(name, "invalid value for '" + name + "': '" + text + "'; expected " + expected);
    }
  }

  /** A plain finite number > 0 (NumberFormatException is an IllegalArgumentException). */
  private static double positiveNumber(String text) {
    double v = Double.parseDouble(text.strip());
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("not > 0: " + text);
    }
    return v;
  }

  private <T> T orNotFound(String name, Optional<T> answer) {
    if (answer.isPresent()) {
      return answer.get();
    }
    boolean known = store.registry().services().stream().map(Registry.Service::name).anyMatch(name::equals);
    if (!known) {
      throw ApiException.notFound("no service '" + name + "' (list them with /api/v1/services)", "name");
    }
    throw ApiException.notFound("no performance model for '" + name + "' yet: it needs at least " + minRows
        + " reporting intervals with traffic, and models are retrained every " + refreshPeriod.toMinutes() + " min",
        "name");
  }
}
