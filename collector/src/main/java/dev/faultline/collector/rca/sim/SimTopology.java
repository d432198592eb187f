package dev.faultline.collector.rca.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A simulated application: services, synchronous call edges (caller, callee), hosts. Shapes follow the public
 * benchmarks: Online Boutique (12 nodes), Sock Shop (13), Train Ticket (44 services, call depth 6).
 *
 * @param name shape name
 * @param services in topological order (every caller before its callees); the first is the entry point
 * @param calls caller -> callees
 * @param hosts service -> host
 */
public record SimTopology(String name, List<String> services, Map<String, List<String>> calls,
    Map<String, String> hosts) {

  public static final List<String> SHAPES = List.of("online-boutique", "sock-shop", "train-ticket");

  public static SimTopology of(String shape) {
    return switch (shape.toLowerCase(Locale.ROOT)) {
      case "online-boutique" -> onlineBoutique();
      case "sock-shop" -> sockShop();
      case "train-ticket" -> trainTicket(7);
      default -> throw new IllegalArgumentException("unknown topology '" + shape + "', expected one of " + SHAPES);
    };
  }

  public List<String> callees(String s) {
    return calls.getOrDefault(s, List.of());
  }

  static SimTopology onlineBoutique() {
    Map<String, List<String>> c = new TreeMap<>();
    c.put("frontend", List.of("adservice", "cartservice", "checkoutservice", "currencyservice",
        "productcatalogservice", "recommendationservice", "shippingservice"));
    c.put("checkoutservice", List.of("cartservice", "currencyservice", "emailservice", "paymentservice",
        "productcatalogservice", "shippingservice"));
    c.put("recommendationservice", List.of("productcatalogservice"));
    c.put("cartservice", List.of("redis-cart"));
    List<String> order = List.of("frontend", "checkoutservice", "recommendationservice", "adservice", "cartservice",
        "currencyservice", "emailservice", "paymentservice", "productcatalogservice", "shippingservice", "redis-cart");
    return new SimTopology("online-boutique", order, c, spread(order, 4));
  }

  static SimTopology sockShop() {
    Map<String, List<String>> c = new TreeMap<>();
    c.put("front-end", List.of("catalogue", "carts", "orders", "user"));
    c.put("orders", List.of("carts", "payment", "shipping", "user", "orders-db"));
    c.put("catalogue", List.of("catalogue-db"));
    c.put("carts", List.of("carts-db"));
    c.put("user", List.of("user-db"));
    c.put("shipping", List.of("rabbitmq"));
    c.put("rabbitmq", List.of("queue-master"));
    List<String> order = List.of("front-end", "orders", "catalogue", "user", "payment", "shipping", "carts",
        "rabbitmq", "queue-master", "catalogue-db", "carts-db", "user-db", "orders-db");
    return new SimTopology("sock-shop", order, c, spread(order, 4));
  }

  /** 44 services in layers 1-1-6-9-10-9-8 (depth 7): each calls 1-3 services of the next layers (fixed seed). */
  static SimTopology trainTicket(int depth) {
    int[] sizes = {1, 1, 6, 9, 10, 9, 8};
    Random r = new Random(20241127L);
    List<List<String>> layers = new ArrayList<>();
    List<String> order = new ArrayList<>();
    int k = 0;
    for (int l = 0; l < depth; l++) {
      List<String> layer = new ArrayList<>();
      for (int i = 0; i < sizes[l]; i++) {
        String name = l == 0 ? "ts-ui-dashboard" : l == 1 ? "ts-gateway-service" : String.format("ts-svc-%02d", ++k);
        layer.add(name);
        order.add(name);
      }
      layers.add(layer);
    }
    Map<String, List<String>> c = new TreeMap<>();
    for (int l = 0; l < depth - 1; l++) {
      List<String> next = layers.get(l + 1);
      boolean[] called = new boolean[next.size()];
      for (String s : layers.get(l)) {
        List<String> out = new ArrayList<>();
        int n = l <= 1 ? next.size() : 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          int j = l <= 1 ? i : r.nextInt(next.size());
          if (!out.contains(next.get(j))) {
            out.add(next.get(j));
            called[j] = true;
          }
        }
        if (l + 2 < depth && r.nextInt(3) == 0) {
          List<String> skip = layers.get(l + 2);
          String t = skip.get(r.nextInt(skip.size()));
          if (!out.contains(t)) {
            out.add(t);
          }
        }
        c.put(s, out);
      }
      for (int j = 0; j < next.size(); j++) {
        if (!called[j]) {
          String caller = layers.get(l).get(j % layers.get(l).size());
          List<String> out = new ArrayList<>(c.get(caller));
          out.add(next.get(j));
          c.put(caller, out);
        }
      }
    }
    c.replaceAll((s, l) -> List.copyOf(l));
    return new SimTopology("train-ticket", List.copyOf(order), c, spread(order, 8));
  }

  private static Map<String, String> spread(List<String> services, int hosts) {
    Map<String, String> h = new TreeMap<>();
    for (int i = 0; i < services.size(); i++) {
      h.put(services.get(i), "node-" + (i % hosts));
    }
    return h;
  }
}
