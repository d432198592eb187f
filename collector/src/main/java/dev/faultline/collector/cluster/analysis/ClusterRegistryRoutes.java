package dev.faultline.collector.cluster.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.query.ApiRequest;
import dev.faultline.collector.query.QueryServer;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.query.StoreRoutes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code /api/v1/services} and {@code /api/v1/hosts} on a cluster node, over the whole cluster: each analyzer knows
 * only the services and hosts of its partitions, so the node asks every analyzer ({@code local=1}, answered from
 * that node's own store) and merges the answers: one entry per service (instances by instance and host) and per
 * host, the latest {@code last_seen} winning (after a partition moved, its old owner may still list a stale copy),
 * a host probe reported by any. The answer says which nodes did not answer ({@code unanswered}: node, address,
 * reason), so a partial list is never mistaken for the whole fleet; it is still 200.
 *
 * <pre>{@code
 * {"services": [...], "unanswered": [{"node": "an-2", "address": "10.0.0.7:9471", "reason": "connect timed out"}]}
 * }</pre>
 */
public final class ClusterRegistryRoutes {

  private static final Logger log = Logger.getLogger(ClusterRegistryRoutes.class.getName());
  private static final ObjectMapper API_JSON = QueryServer.jsonMapper();

  /** A node to ask: {@code self} is answered from the local store, without a request. */
  public record Peer(String node, String host, int port, boolean self) {}

  private final Supplier<List<Peer>> peers;
  private final StoreRoutes local;
  private final AnalyzerClient client;

  /**
   * @param peers the nodes holding series now (the analyzers; this node as {@code self} if it holds any)
   * @param hop how to reach the other nodes' query ports (HTTPS, the caller's token)
   */
  public ClusterRegistryRoutes(Supplier<List<Peer>> peers, StoreRoutes local, InternalHop hop) {
    this.peers = peers;
    this.local = local;
    this.client = new AnalyzerClient(hop, Duration.ofSeconds(5));
  }

  /**
   * The routes of a gateway: the analyzers as they announced themselves on the topology topic ({@link
   * ClusterView#analyzers}; a killed one stays listed until it restarts, and is then named as not answering), and
   * the gateway's own store (the agents connected to it) as {@code self}.
   */
  public static ClusterRegistryRoutes forGateway(String nodeId, ClusterView view, StoreRoutes own, InternalHop hop) {
    return new ClusterRegistryRoutes(() -> {
      List<Peer> peers = new ArrayList<>();
      peers.add(new Peer(nodeId, "", 0, true));
      view.analyzers().forEach(a -> peers.add(new Peer(a.node(), a.host(), a.port(), false)));
      return peers;
    }, own, hop);
  }

  /** Registers both routes on {@code router}, replacing the single node's. */
  public Router register(Router router) {
    return router
        .get("/api/v1/services", List.of("local"), r -> answer(r, "/api/v1/services", "services",
            local::services, ClusterRegistryRoutes::mergeServices))
        .get("/api/v1/hosts", List.of("local"), r -> answer(r, "/api/v1/hosts", "hosts", local::hosts,
            ClusterRegistryRoutes::mergeHosts));
  }

  private Object answer(ApiRequest request, String path, String field, Function<ApiRequest, Object> own,
      Function<List<JsonNode>, List<JsonNode>> merge) {
    if ("1".equals(request.parameter("local"))) {
      return own.apply(request);
    }
    List<JsonNode> lists = new ArrayList<>();
    List<Map<String, String>> unanswered = new ArrayList<>();
    for (Peer p : peers.get()) {
      if (p.self()) {
        lists.add(API_JSON.valueToTree(own.apply(request)).path(field));
        continue;
      }
      String reason = null;
      try {
        AnalyzerClient.Answer a = client.get(p.host(), p.port(), path, Map.of("local", "1"),
            request.authorization());
        if (a.status() == 200 && a.body() != null && a.body().path(field).isArray()) {
          lists.add(a.body().path(field));
        } else {
          reason = "answered " + a.status();
        }
      } catch (IOException e) {
        reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      if (reason != null) {
        String why = reason;
        log.fine(() -> "node " + p.node() + " did not answer " + path + ": " + why);
        Map<String, String> u = new LinkedHashMap<>();
        u.put("node", p.node());
        u.put("address", p.host() + ":" + p.port());
        u.put("reason", reason);
        unanswered.add(u);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(field, merge.apply(lists));
    body.put("unanswered", unanswered);
    return body;
  }

  /** One entry per service name, sorted; its instances merged by (instance, host). */
  static List<JsonNode> mergeServices(List<JsonNode> lists) {
    Map<String, Map<String, JsonNode>> byService = new TreeMap<>();
    for (JsonNode list : lists) {
      for (JsonNode s : list) {
        Map<String, JsonNode> instances = byService.computeIfAbsent(s.path("name").asText(), n -> new TreeMap<>());
        for (JsonNode i : s.path("instances")) {
          instances.merge(i.path("instance").asText() + '\n' + i.path("host").asText(), i,
              (x, y) -> later(x, y) ? x : y);
        }
      }
    }
    List<JsonNode> out = new ArrayList<>();
    byService.forEach((name, instances) -> {
      ObjectNode s = API_JSON.createObjectNode().put("name", name);
      s.putArray("instances").addAll(instances.values());
      out.add(s);
    });
    return out;
  }

  /** One entry per host, sorted: the latest {@code last_seen}, a host probe if any node saw one. */
  static List<JsonNode> mergeHosts(List<JsonNode> lists) {
    Map<String, JsonNode> byHost = new TreeMap<>();
    for (JsonNode list : lists) {
      for (JsonNode h : list) {
        byHost.merge(h.path("host").asText(), h, (x, y) -> {
          ObjectNode m = ((later(x, y) ? x : y)).deepCopy();
          m.put("host_probe", x.path("host_probe").asBoolean() || y.path("host_probe").asBoolean());
          return m;
        });
      }
    }
    return new ArrayList<>(byHost.values());
  }

  /** True when {@code x} was seen no earlier than {@code y}. */
  private static boolean later(JsonNode x, JsonNode y) {
    return seen(x).compareTo(seen(y)) >= 0;
  }

  private static Instant seen(JsonNode entry) {
    try {
      return Instant.parse(entry.path("last_seen").asText(""));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH; // never seen: any other copy wins
    }
  }
}
