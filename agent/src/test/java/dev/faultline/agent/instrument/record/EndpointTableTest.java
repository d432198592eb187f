package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndpointTableTest {

  /** Paths the in-place lookup must resolve exactly as folding into a builder does. */
  private static final List<String> TRICKY_PATHS = List.of(
      "/", "", "/users", "/users/", "/users/123", "/users/123/", "/users/{id}", "//", "/a//b", "users/7", "123",
      "/o/123e4567-e89b-12d3-a456-426614174000", "/o/123E4567-E89B-12D3-A456-426614174000/items/9",
      "/files/3f2a9c0e1b7d4e5f8a6b", "/deadbeef", "/t/AbC123xyz789QwE456", "/v2/search",
      "/" + "a".repeat(150) + "/12345x", "/" + "a".repeat(152) + "/12345xyz", "/segment".repeat(30),
      "/1".repeat(70), "/x".repeat(70), "/x".repeat(62) + "/1", "/x".repeat(63) + "/1", "/{id}/{id}",
      "/" + "b".repeat(40) + "/" + "1".repeat(120));

  @Test
  void resolvesEveryPathToTheEndpointOfItsFoldedRoute() {
    EndpointTable table = new EndpointTable(1000);
    for (int pass = 0; pass < 2; pass++) {
      for (String path : TRICKY_PATHS) {
        assertEquals("GET " + folded(path), table.resolve("GET", path).name(), path);
      }
    }
    assertEquals("GET /", table.resolve("GET", null).name());
  }

  @Test
  void randomPathsResolveAsTheBuilderFoldsThemAndStayOnOneEndpoint() {
    String[] segments = {"", "users", "12", "orders", "3f2a9c0e1b7d4e5f8a6b", "v2", "AbC123xyz789QwE456", "{id}",
        "123e4567-e89b-12d3-a456-426614174000", "x-y_z", "0", "deadbeef", "ABCDEF0123456789AB", "caf\u00e9",
        "abcdefab-abcd-abcd-abcd-abcdefabcdef", "x".repeat(40), "1".repeat(40), "a.b", "~u", "AbC123xyz789QwE4"};
    Random random = new Random(42);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      StringBuilder path = new StringBuilder(random.nextBoolean() ? "/" : "");
      for (int s = random.nextInt(6); s >= 0; s--) {
        path.append(segments[random.nextInt(segments.length)]).append(s > 0 ? "/" : "");
      }
      paths.add(path.toString());
    }
    EndpointTable table = new EndpointTable(10_000);
    List<EndpointStats> first = new ArrayList<>();
    for (String path : paths) {
      EndpointStats stats = table.resolve("POST", path);
      assertEquals("POST " + folded(path), stats.name(), path);
      first.add(stats);
    }
    for (int i = 0; i < paths.size(); i++) {
      assertSame(first.get(i), table.resolve("POST", new String(paths.get(i))), paths.get(i));
    }
  }

  @Test
  void aPathThatIsItsOwnRouteIsCachedAfterItsFirstResolution() {
    EndpointTable table = new EndpointTable(10);
    assertNull(table.cached("GET", "/health"), "miss before the first request");
    EndpointStats health = table.resolve("GET", "/health");
    assertSame(health, table.cached("GET", new String("/health")), "hit, compared by equals");
    assertSame(health, table.resolve("GET", new String("/health")));
    assertNull(table.cached("PUT", "/health"), "the method is part of the key");
    assertEquals(table.cacheSlot("GET", "/health"), table.cacheSlot("PUT", "/health"), "methods of one length");
    EndpointStats put = table.resolve("PUT", "/health");
    assertEquals("PUT /health", put.name());
    assertSame(put, table.cached("PUT", "/health"));
    assertSame(health, table.resolve("GET", "/health"), "a hit checks the method, not only the path");
  }

  @Test
  void aNameThatIsItsOwnRouteIsKeptAsGivenSoTheSameInstanceHitsByIdentity() {
    EndpointTable methods = new EndpointTable(10, EndpointStats.METHOD_OVERFLOW);
    String name = "com.acme.OrderService.place"; // the advice's constant: the same instance on every call
    EndpointStats place = methods.resolve("", name);
    assertSame(name, place.route, "no copy of a name that needs no folding");
    assertSame(place, methods.resolve("", name));
    assertSame(place, methods.resolve("", new String(name)), "an equal name still finds it");
    EndpointStats folded = methods.resolve("GET", "/users/12/orders");
    assertEquals("/users/{id}/orders", folded.route, "a folded route is its own String");
  }

  @Test
  void aPathWithAnIdNeverEvictsACachedPath() {
    EndpointTable table = new EndpointTable(10);
    EndpointStats health = table.resolve("GET", "/health");
    for (int i = 0; i < 1000; i++) {
      String path = "/" + i;
      if (table.cacheSlot("GET", path) == table.cacheSlot("GET", "/health")) {
        assertEquals("GET /{id}", table.resolve("GET", path).name());
        assertSame(health, table.cached("GET", "/health"), path + " shares the slot but must not take it");
        return;
      }
    }
    throw new AssertionError("no id path among 1000 shares the cache slot of /health");
  }

  @Test
  void pathsWithIdsAndCutRoutesAreNeverCachedButShareTheirEndpoint() {
    EndpointTable table = new EndpointTable(10);
    EndpointStats users = table.resolve("GET", "/users/1");
    assertNull(table.cached("GET", "/users/1"));
    assertSame(users, table.resolve("GET", "/users/987654"));
    assertSame(users, table.resolve("GET", "/users/{id}"), "the route itself is a path of the same endpoint");
    String tooLong = "/segment".repeat(30);
    table.resolve("GET", tooLong);
    assertNull(table.cached("GET", tooLong), "a route cut at the length cap is not its own path");
  }

  @Test
  void pathsCollidingOnACacheSlotEvictEachOtherAndStillResolveToTheirOwnEndpoint() {
    EndpointTable table = new EndpointTable(4); // 8 cache slots
    String first = "/p0";
    String second = null;
    for (int i = 1; second == null; i++) {
      if (table.cacheSlot("GET", "/p" + i) == table.cacheSlot("GET", first)) {
        second = "/p" + i;
      }
    }
    EndpointStats a = table.resolve("GET", first);
    assertSame(a, table.cached("GET", first));
    EndpointStats b = table.resolve("GET", second);
    assertNotSame(a, b);
    assertSame(b, table.cached("GET", second));
    assertNull(table.cached("GET", first), "evicted by the colliding path");
    assertSame(a, table.resolve("GET", first));
    assertSame(a, table.cached("GET", first));
  }

  @Test
  void theCapHoldsAndTheOverflowBucketIsNeverCached() {
    EndpointTable table = new EndpointTable(5);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 50; i++) {
        EndpointStats stats = table.resolve("GET", "/route" + (char) ('a' + i % 26) + i / 26);
        assertTrue(i < 5 ? !stats.name().equals(EndpointStats.OVERFLOW) : stats.name().equals(EndpointStats.OVERFLOW),
            stats.name());
      }
    }
    assertEquals(6, table.all().size(), "5 endpoints and the overflow bucket");
    assertNull(table.cached("GET", "/routez0"));
  }

  @Test
  void concurrentResolutionAgreesOnOneEndpointPerRouteAndKeepsTheCap() throws Exception {
    int cap = 20;
    EndpointTable table = new EndpointTable(cap);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      paths.add("/fixed" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
      paths.add("/items/" + i + "/detail" + (char) ('a' + i % 26));
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<EndpointStats[]>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int offset = t * 7;
        results.add(pool.submit(() -> {
          start.await();
          EndpointStats[] seen = new EndpointStats[paths.size()];
          for (int n = 0; n < 20_000; n++) {
            int i = (n + offset) % paths.size();
            EndpointStats stats = table.resolve("GET", new String(paths.get(i)));
            if (seen[i] == null) {
              seen[i] = stats;
            } else if (seen[i] != stats) {
              throw new AssertionError(paths.get(i) + " moved from " + seen[i].name() + " to " + stats.name());
            }
          }
          return seen;
        }));
      }
      start.countDown();
      EndpointStats[] reference = results.get(0).get(30, TimeUnit.SECONDS);
      for (Future<EndpointStats[]> result : results) {
        EndpointStats[] seen = result.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < paths.size(); i++) {
          assertSame(reference[i], seen[i], paths.get(i));
          String name = seen[i].name();
          assertTrue(name.equals(EndpointStats.OVERFLOW) || name.equals("GET " + folded(paths.get(i))), name);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(cap + 1, table.all().size(), "never more than the cap, plus the overflow bucket");
  }

  private static String folded(String path) {
    StringBuilder out = new StringBuilder();
    RouteFolder.fold(path, out);
    return out.toString();
  }
}
