package dev.faultline.collector.query;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.perf.ServicePerfModel;
import dev.faultline.collector.perf.train.PerfModelTrainer;
import dev.faultline.collector.testing.PerfHistoryFeed;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.testing.SharedCollector;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The performance-model routes of a real collector: {@link PerfHistoryFeed} goes through the ingest socket, the
 * collector's own background trainer builds the model from its store, and the routes answer over HTTP.
 */
@Timeout(60)
class PerfApiTest {

  @RegisterExtension static final SharedCollector shared = SharedCollector.empty();
  private static Collector collector;
  private static String trainedOn;

  @BeforeAll
  static void start() throws Exception {
    collector = shared.collector();
    PerfHistoryFeed.feed(collector, "checkout", System.currentTimeMillis());
    // a second service that reports, but too little for a model
    dev.faultline.collector.testing.RunningCollector.feedFleet(collector);
    get("/api/v1/services/checkout/model", 404); // reported, but not trained yet
    AtomicReference<String> thread = new AtomicReference<>();
    Optional<ServicePerfModel> model = collector.perf().trainer().trainNow("checkout")
        .thenApply(m -> {
          thread.set(Thread.currentThread().getName());
          return m;
        }).get(40, TimeUnit.SECONDS);
    assertTrue(model.isPresent(), "no model trained from " + PerfHistoryFeed.ROWS + " rows");
    trainedOn = thread.get();
  }

  private static JsonNode get(String pathAndQuery, int expectedStatus) {
    return getJson(collector.queryAddress(), pathAndQuery, expectedStatus);
  }

  @Test
  void trainingRunsOnTheTrainerThread() {
    assertEquals(PerfModelTrainer.THREAD_NAME, trainedOn);
  }

  @Test
  void modelDescribesTheFeaturesReadFromTheStore() throws Exception {
    JsonNode m = get("/api/v1/services/checkout/model", 200);
    assertEquals("checkout", m.path("service").asText());
    assertEquals(List.of("cpu", "heap", "gcTime"), texts(m.path("features")));
    assertTrue(m.path("training_rows").asInt() >= PerfHistoryFeed.ROWS - 5, m.toString());
    assertTrue(m.path("current_rate_per_second").asDouble() > 30, m.toString());
    assertTrue(m.path("p99").path("chosen").asText().matches("ridge|ridge\\+gbt|queueing|queueing\\+gbt"),
        m.toString());
  }

  @Test
  void whatIfAtTwiceTheLoadPredictsHigherP99WithTheCpuAsBottleneck() throws Exception {
    JsonNode w = get("/api/v1/services/checkout/whatif?load=2.0", 200);
    assertEquals(2.0, w.path("load_multiple").asDouble(), 1e-9);
    assertEquals(2 * w.path("current_rate_per_second").asDouble(), w.path("rate_per_second").asDouble(), 1e-6);
    double p99 = w.path("p99").path("value").asDouble();
    assertTrue(p99 > w.path("current_p99").asDouble(), w.toString());
    assertTrue(w.path("p99").path("low").asDouble() <= p99 && p99 <= w.path("p99").path("high").asDouble());
    assertEquals("cpu", w.path("bottleneck").path("resource").asText(), w.toString());
    assertTrue(w.path("bottleneck").path("predicted_utilisation").asDouble()
        > w.path("bottleneck").path("current_utilisation").asDouble(), w.toString());
    JsonNode features = w.path("features");
    assertEquals("requestRate", features.path(0).path("feature").asText(), w.toString());
    JsonNode cpu = features.path(1);
    assertEquals("cpu", cpu.path("feature").asText(), w.toString());
    assertTrue(cpu.path("predicted_p99_millis").asDouble() >= cpu.path("current_p99_millis").asDouble(),
        w.toString());
  }

  @Test
  void loadAcceptsTheFormsTheCliSends() throws Exception {
    assertEquals(1.5, get("/api/v1/services/checkout/whatif?load=150%25", 200)
        .path("load_multiple").asDouble(), 1e-9);
    assertEquals(2.0, get("/api/v1/services/checkout/whatif?load=2x", 200)
        .path("load_multiple").asDouble(), 1e-9);
  }

  @Test
  void badOrMissingLoadIsA400NamingIt() throws Exception {
    for (String q : List.of("", "?load=abc", "?load=0", "?load=-2", "?load=Infinity")) {
      JsonNode e = get("/api/v1/services/checkout/whatif" + q, 400);
      assertEquals("load", e.path("parameter").asText(), q);
      assertTrue(e.path("error").asText().contains("2x"), e.toString());
    }
  }

  @Test
  void unknownServiceAndServiceWithoutModelAre404sThatSayWhich() throws Exception {
    JsonNode unknown = get("/api/v1/services/nope/whatif?load=2", 404);
    assertEquals("no service 'nope' (list them with /api/v1/services)", unknown.path("error").asText());
    JsonNode pending = get("/api/v1/services/payments/model", 404);
    assertTrue(pending.path("error").asText().startsWith("no performance model for 'payments' yet"), pending.toString());
    assertEquals("name", pending.path("parameter").asText());
  }

  @Test
  void capacityAnswersWithAStatus() throws Exception {
    JsonNode c = get("/api/v1/services/checkout/capacity?p99=250", 200);
    assertTrue(List.of("ALREADY_BREACHED", "BREACH_FORECAST", "NO_TREND", "NOT_GROWING", "NO_BREACH_WITHIN_MAX_LOAD")
        .contains(c.path("status").asText()), c.toString());
    assertEquals("p99",
        get("/api/v1/services/checkout/capacity?p99=2x", 400).path("parameter").asText());
  }

  @Test
  void whatifCommandPrintsPredictionAndBottleneck() {
    dev.faultline.collector.cli.CliAccess.Result r = dev.faultline.collector.cli.CliAccess.run("whatif", "checkout",
        "--load", "2x", "--collector", "127.0.0.1:" + collector.queryAddress().getPort());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertTrue(lines[0].startsWith("checkout at 2x load: "), r.out());
    assertTrue(lines[1].startsWith("LATENCY  NOW"), r.out());
    assertTrue(lines[2].startsWith("p50  ") && lines[3].startsWith("p99  "), r.out());
    assertTrue(r.out().contains("bottleneck: cpu (cpu "), r.out());
    assertTrue(r.out().contains(", utilisation "), r.out());
    assertTrue(r.out().contains("model: p50="), r.out());
  }

  @Test
  void whatifCommandRejectsAMalformedLoadBeforeAsking() {
    dev.faultline.collector.cli.CliAccess.Result r = dev.faultline.collector.cli.CliAccess.run("whatif", "checkout",
        "--load", "twice", "--collector", "127.0.0.1:1");
    assertEquals(1, r.code());
    assertEquals("faultline: invalid --load 'twice': expected a multiple like 2, 2.0, 2x or 150%", r.err().strip());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
