package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.FuzzInputs;
import dev.faultline.collector.testing.RunningCollector;
import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes every query parameter of every route over real HTTP on 127.0.0.1: random values (numbers at the edges,
 * times, durations, cursors, unicode, bad percent-escapes), unknown names and repeats. Every answer must be a JSON
 * 200, 400 or 404; a 400 about a parameter names it; the collector never answers 500 or drops the connection.
 * Inputs that once broke something are in {@code src/test/resources/fuzz-corpus/query} ({@link QueryFuzzCorpusTest}).
 */
@Timeout(60)
class QueryFuzzTest {

  @TempDir static Path dataDir;
  static Collector collector;
  private static final ObjectMapper json = new ObjectMapper();
  private static final String[] SEEDS = {"now", "-15m", "-1h30m", "-99999999999999999d", "1764214200", "1764214200.5",
      "2026-11-27T03:30:00Z", "0", "-1", "2147483648", "9223372036854775808", "1e9", "NaN", "open", "all", "resolved",
      "checkout", "jvm_*", "*", "", "%", "%zz", "%u0041", "%ff%fe", "a&b=c", "=", "..", "/", "\u0000", "🙂"};

  @BeforeAll
  static void start() throws Exception {
    collector = RunningCollector.start(dataDir);
    RunningCollector.feedFleet(collector);
  }

  @AfterAll
  static void stop() {
    collector.close();
  }

  /** Sends one GET with {@code rawQuery} appended verbatim; returns status and JSON body, checking both. */
  static JsonNode get(String path, String rawQuery) throws IOException {
    try (Socket s = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      s.setSoTimeout(5000);
      String target = path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
      s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(reply.startsWith("HTTP/1.1 "), "no HTTP answer to " + target + ": '" + reply + "'");
      int status = Integer.parseInt(reply.substring(9, 12));
      assertTrue(Set.of(200, 400, 404).contains(status), status + " for " + target + ": " + reply);
      JsonNode body = json.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4));
      if (status != 200) {
        assertTrue(body.path("error").isTextual(), reply);
      }
      ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", status);
      return body;
    }
  }

  static String value(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> SEEDS[r.nextInt(SEEDS.length)];
      case 1 -> Long.toString(r.nextLong());
      case 2 -> "-" + r.nextInt(1_000_000) + "smhd".charAt(r.nextInt(4));
      case 3 -> FuzzInputs.text(r, 40);
      default -> SEEDS[r.nextInt(SEEDS.length)] + FuzzInputs.text(r, 5);
    };
  }

  /** Percent-encodes {@code v}, or (one time in five) passes it raw, which may be malformed. */
  static String encode(Random r, String v) {
    if (r.nextInt(5) == 0 && v.chars().allMatch(c -> c > 32 && c < 127 && c != '#')) {
      return v;
    }
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  @Test
  void everyParameterOfEveryRouteThenTheCollectorStillAnswersNormally() throws Exception {
    fuzzEveryParameterOfEveryRoute();
    assertEquals(200, get("/healthz", "").path("_status").asInt());
    assertEquals(5, get("/api/v1/series", "").path("series").size());
  }

  private void fuzzEveryParameterOfEveryRoute() {
    List<String> routes = new ArrayList<>();
    for (String p : collector.router().paths()) {
      if (collector.router().parameters(p) != null) {
        routes.add(p);
      }
    }
    FuzzInputs.run("query parameters", 400, r -> {
      String route = routes.get(r.nextInt(routes.size()));
      List<String> names = new ArrayList<>(collector.router().parameters(route));
      String path = route.replace("{id}", encode(r, value(r)).replace("+", "%20"));
      StringBuilder query = new StringBuilder();
      String fuzzed = null;
      int count = names.isEmpty() ? 1 : 1 + r.nextInt(names.size());
      for (int i = 0; i < count; i++) {
        String name = names.isEmpty() || r.nextInt(10) == 0 ? "x" + r.nextInt(3) : names.get(r.nextInt(names.size()));
        fuzzed = name;
        query.append(i == 0 ? "" : "&").append(name).append('=').append(encode(r, value(r)));
      }
      try {
        JsonNode body = get(path.isEmpty() ? "/" : path, query.toString());
        if (body.path("_status").asInt() == 400 && body.has("parameter")) {
          String named = body.path("parameter").asText();
          assertTrue(query.toString().contains(named + "=") || names.contains(named) || named.equals("id"),
              "400 names '" + named + "', neither sent nor a parameter of " + route + ": " + query);
        }
      } catch (IOException e) {
        throw new AssertionError("connection failed for " + path + "?" + query + " (fuzzing " + fuzzed + ")", e);
      }
    });
  }
}
