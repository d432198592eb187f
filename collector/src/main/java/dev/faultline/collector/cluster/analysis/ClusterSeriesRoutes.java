package dev.faultline.collector.cluster.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.query.ApiException;
import dev.faultline.collector.query.ApiRequest;
import dev.faultline.collector.query.PageCursor;
import dev.faultline.collector.query.QueryServer;
import dev.faultline.collector.query.RawResponse;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.query.StoreRoutes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /api/v1/series} and {@code /api/v1/query} on an analyzer node, over the series of every analyzer: a query
 * for one series goes to the analyzer that owns its partition, found through Kafka Streams' metadata for
 * interactive queries ({@link KafkaStreams#queryMetadataForKey}, each analyzer's {@code application.server} being
 * its query address); a series listing asks every analyzer and merges the pages. Forwarded requests carry {@code
 * local=1} and are answered from that node's own store ({@link StoreRoutes}).
 */
public final class ClusterSeriesRoutes {

  private static final Logger log = Logger.getLogger(ClusterSeriesRoutes.class.getName());
  private static final ObjectMapper API_JSON = QueryServer.jsonMapper();
  static final int DEFAULT_SERIES_PAGE = 1000;

  private final KafkaStreams streams;
  private final HostInfo self;
  private final StoreRoutes local;
  private final AnalyzerClient client;

  /** @param hop how to reach the other analyzers' query ports (HTTPS, tokens) */
  public ClusterSeriesRoutes(KafkaStreams streams, HostInfo self, StoreRoutes local, InternalHop hop) {
    this.streams = streams;
    this.self = self;
    this.local = local;
    this.client = new AnalyzerClient(hop, java.time.Duration.ofSeconds(10));
  }

  /** Registers both routes on {@code router}, replacing the single node's. */
  public Router register(Router router) {
    return router
        .get("/api/v1/series", List.of("service", "host", "metric", "limit", "cursor", "local"), this::series)
        .get("/api/v1/query", List.of("series", "from", "to", "local"), this::query);
  }

  Object series(ApiRequest request) {
    if (forwarded(request)) {
      return local.series(request);
    }
    int limit = request.limit(DEFAULT_SERIES_PAGE);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    boolean more = false;
    for (HostInfo host : analyzers()) {
      JsonNode page;
      if (host.equals(self)) {
        page = API_JSON.valueToTree(local.series(request));
      } else {
        AnalyzerClient.Answer a = ask(host, "/api/v1/series", request);
        if (a.status() != 200 || a.body() == null) {
          throw ApiException.unavailable("analyzer " + host.host() + ":" + host.port() + " answered " + a.status()
              + " to the series listing; retry");
        }
        page = a.body();
      }
      more |= page.hasNonNull("next_cursor");
      for (JsonNode s : page.path("series")) {
        // after a partition moved, its old owner may still list a stale copy: keep the one with more points
        byId.merge(s.path("id").asText(), s, (x, y) -> x.path("points").asInt() >= y.path("points").asInt() ? x : y);
      }
    }
    List<JsonNode> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(s -> s.path("id").asText()));
    List<JsonNode> page = all.subList(0, Math.min(limit, all.size()));
    String next = (all.size() > limit || more) && !page.isEmpty()
        ? PageCursor.encode(page.get(page.size() - 1).path("id").asText()) : null;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("series", page);
    body.put("next_cursor", next);
    return body;
  }

  Object query(ApiRequest request) {
    if (forwarded(request)) {
      return local.query(request);
    }
    String id = request.requiredParameter("series");
    String key = SeriesIds.partitionKey(id);
    if (key == null) {
      return anyOwner(request, id);
    }
    KeyQueryMetadata md = streams.queryMetadataForKey(AnalyzerTopology.POINTS_STORE, key,
        Serdes.String().serializer());
    if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md) || md.activeHost() == null) {
      throw ApiException.unavailable("the owner of series " + id + " is not known while the analyzers rebalance;"
          + " retry in a few seconds");
    }
    if (md.activeHost().equals(self)) {
      return local.query(request);
    }
    return forward(md.activeHost(), request, id);
  }

  /** A host metric: whichever analyzer holds it. */
  private Object anyOwner(ApiRequest request, String id) {
    try {
      return local.query(request);
    } catch (ApiException notHere) {
      for (HostInfo host : analyzers()) {
        if (!host.equals(self)) {
          AnalyzerClient.Answer a = ask(host, "/api/v1/query", request);
          if (a.status() == 200) {
            return new RawResponse("application/json", a.raw());
          }
        }
      }
      throw notHere;
    }
  }

  private Object forward(HostInfo host, ApiRequest request, String id) {
    AnalyzerClient.Answer a = ask(host, "/api/v1/query", request);
    if (a.status() == 200) {
      return new RawResponse("application/json", a.raw());
    }
    if (a.status() == 404) {
      throw ApiException.notFound("no series " + id + " (list them with /api/v1/series)", "series");
    }
    throw ApiException.unavailable("analyzer " + host.host() + ":" + host.port() + " answered " + a.status()
        + " for series " + id + "; retry");
  }

  private AnalyzerClient.Answer ask(HostInfo host, String path, ApiRequest request) {
    Map<String, String> params = new LinkedHashMap<>(request.parameters());
    params.put("local", "1");
    try {
      return client.get(host.host(), host.port(), path, params, request.authorization());
    } catch (IOException e) {
      log.fine(() -> "analyzer " + host + " did not answer: " + e.getMessage());
      throw ApiException.unavailable("analyzer " + host.host() + ":" + host.port() + " did not answer ("
          + e.getMessage() + "); retry once the analyzers have rebalanced");
    }
  }

  private List<HostInfo> analyzers() {
    List<HostInfo> hosts = new ArrayList<>();
    for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
      if (!hosts.contains(m.hostInfo())) {
        hosts.add(m.hostInfo());
      }
    }
    if (!hosts.contains(self)) {
      hosts.add(self);
    }
    return hosts;
  }

  private static boolean forwarded(ApiRequest request) {
    return "1".equals(request.parameter("local"));
  }
}
