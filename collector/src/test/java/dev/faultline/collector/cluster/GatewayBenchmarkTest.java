package dev.faultline.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.bench.GatewayBenchmark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code faultline bench --gateway} against a real broker, shortened: both sides move samples, the figures are
 * printed side by side, and the benchmark's topics are gone afterwards. Also the runner for the recorded figures:
 * {@code main} starts a broker and runs the full benchmark (see BENCHMARKS.md, "Scale-out: gateway").
 */
class GatewayBenchmarkTest {

  @Test
  @Timeout(180)
  void bothSidesAcknowledgeSamplesAndTheTopicsAreDeleted() throws Exception {
    try (KafkaTestBroker kafka = KafkaTestBroker.start()) {
      StringWriter text = new StringWriter();
      GatewayBenchmark.Result r = new GatewayBenchmark(kafka.bootstrapServers(), 2, 1, 200, 1,
          new PrintWriter(text, true)).run();
      assertTrue(r.single()[0] > 0, text.toString());
      assertTrue(r.gateway()[0] > 0, text.toString());
      assertTrue(text.toString().contains("ratio gateway / single node"), text.toString());
      try (var admin = kafka.admin()) {
        assertFalse(admin.listTopics().names().get().stream().anyMatch(t -> t.startsWith("faultline-bench-")),
            "benchmark topics deleted");
      }
      assertEquals(1, r.single().length);
    }
  }

  /** The recorded run: {@code GatewayBenchmarkTest [connections seconds seriesPerBatch rounds]}. */
  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int series = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    try (KafkaTestBroker kafka = KafkaTestBroker.start()) {
      new GatewayBenchmark(kafka.bootstrapServers(), connections, seconds, series, rounds,
          new PrintWriter(System.out, true)).run();
    }
  }
}
