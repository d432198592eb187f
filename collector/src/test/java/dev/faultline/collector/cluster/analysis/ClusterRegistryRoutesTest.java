package dev.faultline.collector.cluster.analysis;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.query.QueryServer;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.query.StoreRoutes;
import dev.faultline.collector.store.SeriesStore;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services and hosts over several nodes' query ports (real sockets): one entry per service, instance and host
 * across the nodes (the latest sighting wins, a host probe seen by any node counts), and a node that does not
 * answer is named in {@code unanswered} while the others' answer still comes back.
 */
@Timeout(30)
class ClusterRegistryRoutesTest {


  @Test
  void mergesEveryNodesServicesAndHostsAndNamesTheSilentOnes() throws Exception {
    AtomicLong now = new AtomicLong(1_790_000_000_000L);
    SeriesStore own = new SeriesStore(Long.MAX_VALUE / 4, 1L << 26, 1_000, now::get);
    SeriesStore other = new SeriesStore(Long.MAX_VALUE / 4, 1L << 26, 1_000, now::get);
    own.append(batch("checkout", "checkout-1", "node-a"));
    own.append(batch("payments", "payments-1", "node-b")); // a stale copy: the partition moved since
    now.addAndGet(60_000);
    other.append(batch("payments", "payments-1", "node-b"));
    other.append(batch("payments", "payments-2", "node-c"));

    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort(); // closed below: a refused connection, as from a killed analyzer
    }
    Router peerRouter = new Router();
    StoreRoutes peerStore = new StoreRoutes(other);
    peerStore.register(peerRouter);
    new ClusterRegistryRoutes(() -> List.of(new ClusterRegistryRoutes.Peer("an-1", "", 0, true)), peerStore,
        InternalHop.plain()).register(peerRouter);
    QueryServer peer = new QueryServer(peerRouter, now::get);
    InetSocketAddress peerAddress = peer.start(new Endpoint("127.0.0.1", 0));
    Router router = new Router();
    StoreRoutes local = new StoreRoutes(own);
    local.register(router);
    new ClusterRegistryRoutes(() -> List.of(new ClusterRegistryRoutes.Peer("an-0", "", 0, true),
        new ClusterRegistryRoutes.Peer("an-1", "127.0.0.1", peerAddress.getPort(), false),
        new ClusterRegistryRoutes.Peer("an-2", "127.0.0.1", dead, false)), local, InternalHop.plain())
        .register(router);
    QueryServer node = new QueryServer(router, now::get);
    InetSocketAddress nodeAddress = node.start(new Endpoint("127.0.0.1", 0));
    try {
      JsonNode services = getJson(nodeAddress, "/api/v1/services");
      assertEquals(List.of("checkout", "payments"), names(services.path("services"), "name"));
      JsonNode payments = services.path("services").get(1).path("instances");
      assertEquals(List.of("payments-1", "payments-2"), names(payments, "instance"));
      assertEquals("2026-09-21T14:14:20Z", payments.get(0).path("last_seen").asText(), "the later sighting");
      JsonNode unanswered = services.path("unanswered");
      assertEquals(1, unanswered.size(), unanswered.toString());
      assertEquals("an-2", unanswered.get(0).path("node").asText());
      assertEquals("127.0.0.1:" + dead, unanswered.get(0).path("address").asText());
      assertTrue(!unanswered.get(0).path("reason").asText().isEmpty(), unanswered.toString());

      JsonNode hosts = getJson(nodeAddress, "/api/v1/hosts");
      assertEquals(List.of("node-a", "node-b", "node-c"), names(hosts.path("hosts"), "host"));
      assertEquals("an-2", hosts.path("unanswered").get(0).path("node").asText());

      // a forwarded request (local=1) is answered from the node's own store only
      assertEquals(List.of("checkout", "payments"), names(getJson(nodeAddress, "/api/v1/services?local=1")
          .path("services"), "name"));
      assertEquals(1,
          getJson(nodeAddress, "/api/v1/services?local=1").path("services").get(1).path("instances").size());
    } finally {
      node.close();
      peer.close();
    }
  }

  private static DecodedBatch batch(String service, String instance, String host) {
    SeriesRef ref = new SeriesRef(SeriesKey.of("latency_p99_seconds", Map.of(), service, instance, host), "gauge",
        "seconds");
    AgentInfo agent = new AgentInfo("a-" + instance, service, instance, host, 1, "jvm", "17", "0.1", 0);
    return new DecodedBatch(agent, 1, 0, 1, new SeriesRef[] {ref}, new long[] {1_790_000_000_000L},
        new double[] {0.2}, List.of(), List.of(), List.of());
  }

  private static List<String> names(JsonNode list, String field) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
