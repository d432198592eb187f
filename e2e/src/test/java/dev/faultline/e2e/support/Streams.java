package dev.faultline.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.e2e.apps.SteadyApp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Counting helpers for the durability tests. An agent sends exactly one batch per interval (small batches, host
 * metrics off), and every batch holds one {@code jvm_threads_live} sample with the interval's timestamp. So for one
 * agent the series must hold exactly as many points as the highest sequence the collector applied, with strictly
 * increasing timestamps: fewer points means a gap (a lost batch), a point skipped as "not newer" means a batch was
 * applied twice.
 */
public final class Streams {

  private Streams() {}

  /** Starts SteadyApp with the agent reporting every {@code interval} as service {@code service}. */
  public static Jvm startApp(int collectorPort, String service, String interval, String bufferBytes)
      throws IOException {
    return startApp(collectorPort, service, interval, bufferBytes, false);
  }

  /** As above; host metrics on make each batch about twice as large (for a buffer that must overflow). */
  public static Jvm startApp(int collectorPort, String service, String interval, String bufferBytes,
      boolean hostMetrics) throws IOException {
    return startApp("127.0.0.1:" + collectorPort, service, interval, bufferBytes, hostMetrics);
  }

  /** As above with the agent's {@code collector} value as given, e.g. a failover list {@code a:1,b:2}. */
  public static Jvm startApp(String collectors, String service, String interval, String bufferBytes,
      boolean hostMetrics) throws IOException {
    return Jvm.start(Jvm.currentJavaHome(), List.of("-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-javaagent:" + Repo.agentJar() + "=collector=" + collectors + ",service=" + service
            + ",instance=" + service + "-1,interval=" + interval + ",host-metrics=" + hostMetrics + ",buffer-bytes=" + bufferBytes,
        "-cp", Repo.testClasses().toString(), SteadyApp.class.getName()));
  }

  /** The id of {@code service}'s jvm_threads_live series, waiting until it has at least {@code points}. */
  public static String threadsSeries(QueryPort query, String service, int points, Duration timeout)
      throws IOException, InterruptedException {
    return query.awaitSeries("?service=" + service + "&metric=jvm_threads_live",
        s -> s.path("points").asInt() >= points, timeout).get("id").asText();
  }

  /**
   * Waits until {@code service}'s series holds exactly one point per applied sequence (nothing in flight), then
   * checks timestamps strictly increase; returns the agent's last sequence.
   */
  public static long assertOnePointPerSequence(CollectorProcess collector, String service, Duration timeout)
      throws IOException, InterruptedException {
    String id = threadsSeries(collector.query(), service, 1, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastSequence = -1;
    List<long[]> points = List.of();
    while (System.nanoTime() < deadline) {
      lastSequence = collector.agent(service + "-1").map(a -> a.get("last_sequence").asLong()).orElse(-1L);
      points = collector.points(id);
      long again = collector.agent(service + "-1").map(a -> a.get("last_sequence").asLong()).orElse(-1L);
      // a batch can land between the reads; only a pair read with no batch in between proves no gap
      if (lastSequence == again && points.size() == lastSequence) {
        break;
      }
      Thread.sleep(300);
    }
    long skipped = collector.query().get("/healthz").get("samples_skipped_not_newer").asLong();
    assertEquals(lastSequence, points.size(), service + ": points vs highest applied sequence (gap or double; "
        + skipped + " samples skipped as not newer: a batch applied twice, or two batches with one timestamp)");
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i)[0] > points.get(i - 1)[0], service + ": timestamps not increasing at " + i);
    }
    return lastSequence;
  }

  /** Fails if the collector skipped any sample as not newer (a batch applied twice) or dropped agent batches. */
  public static void assertNoDoubleApply(CollectorProcess collector) throws IOException, InterruptedException {
    JsonNode health = collector.query().get("/healthz");
    assertEquals(0, health.get("samples_skipped_not_newer").asLong(), health.toString());
  }
}
