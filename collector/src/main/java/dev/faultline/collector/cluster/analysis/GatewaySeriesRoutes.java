package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.query.ApiException;
import dev.faultline.collector.query.ApiRequest;
import dev.faultline.collector.query.RawResponse;
import dev.faultline.collector.query.Router;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * {@code /api/v1/series} and {@code /api/v1/query} on a gateway: a gateway is not a Kafka Streams instance and holds
 * no series, so it passes the request on, with the caller's token, to an analyzer (as announced in the topology
 * topic, see {@link ClusterView}), which routes it to the owner of the key through Streams' metadata ({@link
 * ClusterSeriesRoutes}). Analyzers are tried in turn, starting at a rotating one; one that does not answer or answers
 * 503 (a rebalance) is skipped. The answer is passed back as is (status 200, or the analyzer's 400/404 message).
 */
public final class GatewaySeriesRoutes {

  private static final Logger log = Logger.getLogger(GatewaySeriesRoutes.class.getName());

  private final ClusterView view;
  private final AnalyzerClient client;
  private final AtomicInteger next = new AtomicInteger();

  public GatewaySeriesRoutes(ClusterView view, InternalHop hop) {
    this.view = view;
    this.client = new AnalyzerClient(hop, Duration.ofSeconds(15));
  }

  /** Registers both routes on {@code router}, replacing the gateway's own (empty) store's. */
  public Router register(Router router) {
    return router
        .get("/api/v1/series", List.of("service", "host", "metric", "limit", "cursor"),
            r -> forward("/api/v1/series", r))
        .get("/api/v1/query", List.of("series", "from", "to"), r -> forward("/api/v1/query", r));
  }

  private Object forward(String path, ApiRequest request) {
    List<TopologyRecords.Analyzer> analyzers = view.analyzers();
    if (analyzers.isEmpty()) {
      throw ApiException.unavailable("no analyzer has announced its query port on the topology topic yet: series"
          + " live on the analyzers (cluster.role analyzer); retry once one runs");
    }
    int first = Math.floorMod(next.getAndIncrement(), analyzers.size());
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < analyzers.size(); i++) {
      TopologyRecords.Analyzer a = analyzers.get((first + i) % analyzers.size());
      AnalyzerClient.Answer answer;
      try {
        answer = client.get(a.host(), a.port(), path, request.parameters(), request.authorization());
      } catch (IOException e) {
        log.fine(() -> "analyzer " + a.node() + " at " + a.host() + ":" + a.port() + " did not answer: "
            + e.getMessage());
        tried.add(a.node() + " (no answer)");
        continue;
      }
      if (answer.status() == 200) {
        return new RawResponse("application/json", answer.raw());
      }
      String message = answer.body() == null ? "" : answer.body().path("error").asText("");
      switch (answer.status()) {
        case 400 -> throw ApiException.badRequest(message);
        case 404 -> throw ApiException.notFound(message, "series");
        case 401, 403 -> throw ApiException.unavailable("analyzer " + a.node() + " refused this gateway's forwarded"
            + " request (" + answer.status() + ": " + message + "); the nodes' security.query-tokens must match");
        default -> tried.add(a.node() + " (" + answer.status() + ")");
      }
    }
    throw ApiException.unavailable("no analyzer answered " + path + ": " + String.join(", ", tried)
        + "; retry in a few seconds");
  }
}
