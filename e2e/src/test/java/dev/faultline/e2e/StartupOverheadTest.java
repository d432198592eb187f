package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up cost of the agent with instrumentation on: wall time from launching {@code java} to the first answered
 * request of a small JDK HttpServer application, without and with {@code -javaagent}, alternating, median of
 * five each. premain only starts a thread, so the agent's set-up (configuration, instrumentation install, Netty)
 * runs beside the application's start-up; the bound below is generous because two cores are shared.
 */
@Timeout(240)
class StartupOverheadTest {

  private static final int RUNS = 5;

  @TempDir Path dataDir;

  @Test
  void agentAddsLittleToTimeUntilTheFirstServedRequest() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir)
        .build();
    List<Long> plain = new ArrayList<>();
    List<Long> agent = new ArrayList<>();
    try (Collector collector = Collector.start(CollectorSettings.of(config))) {
      String agentArg = "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:"
          + collector.ingestAddress().getPort() + ",service=e2e-startup,host-metrics=false";
      timeToFirstRequest(List.of()); // warms the file cache
      for (int i = 0; i < RUNS; i++) {
        plain.add(timeToFirstRequest(List.of()));
        agent.add(timeToFirstRequest(List.of(agentArg)));
      }
    }
    long plainMedian = median(plain);
    long agentMedian = median(agent);
    System.out.println("startup to first served request: without agent " + plainMedian + " ms " + plain
        + ", with agent " + agentMedian + " ms " + agent);
    assertTrue(agentMedian <= plainMedian + 1500,
        "with agent " + agentMedian + " ms " + agent + ", without " + plainMedian + " ms " + plain);
  }

  private static long timeToFirstRequest(List<String> agentArgs) throws Exception {
    List<String> args = new ArrayList<>(agentArgs);
    args.addAll(List.of("-cp", Repo.testClasses().toString(), SteadyApp.class.getName()));
    long start = System.nanoTime();
    try (Jvm app = Jvm.start(Jvm.currentJavaHome(), args)) {
      int port = Ports.awaitReady(app);
      HttpClient http = HttpClient.newHttpClient();
      // A generous timeout: the figure asserted is the median, and one first request on a CPU-starved machine
      // (a shared CI host) may take seconds without saying anything about the agent.
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      assertTrue(r.statusCode() == 200, "status " + r.statusCode());
      return elapsed;
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
