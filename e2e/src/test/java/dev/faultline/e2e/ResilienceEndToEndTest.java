package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.HttpProbe;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.QueryPort;
import dev.faultline.e2e.support.Repo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The application keeps working whatever the collector does: down, late, restarting, or answering garbage. */
@Timeout(180)
class ResilienceEndToEndTest {

  // Generous: the point is that the application keeps answering, not how fast a loaded CI machine is.
  private static final Duration QUICK = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  @Test
  void appServesWhileCollectorIsDownAndReportsOnceItComesUp() throws Exception {
    int port = Ports.free();
    try (Jvm app = startApp(port)) {
      int appPort = Ports.awaitReady(app);
      new HttpProbe(appPort).assertServes(50, QUICK);
      assertTrue(app.isAlive());
      try (Collector collector = Collector.start(CollectorSettings.of(config(port)))) {
        new QueryPort(collector.queryAddress()).awaitSeries("?service=e2e-resilience&metric=jvm_threads_live",
            s -> s.path("points").asInt() >= 1, Duration.ofSeconds(30));
      }
      new HttpProbe(appPort).assertServes(20, QUICK);
      assertTrue(countLines(app.transcript(), "faultline") <= 6,
          "the agent must not print on every failed attempt:\n" + app.transcript());
    }
  }

  @Test
  void agentReconnectsAfterCollectorRestart() throws Exception {
    int port = Ports.free();
    try (Jvm app = startApp(port)) {
      int appPort = Ports.awaitReady(app);
      try (Collector first = Collector.start(CollectorSettings.of(config(port)))) {
        new QueryPort(first.queryAddress()).awaitSeries("?service=e2e-resilience&metric=jvm_threads_live",
            s -> s.path("points").asInt() >= 1, Duration.ofSeconds(30));
      }
      new HttpProbe(appPort).assertServes(30, QUICK);
      try (Collector second = Collector.start(CollectorSettings.of(config(port)))) {
        new QueryPort(second.queryAddress()).awaitSeries("?service=e2e-resilience&metric=jvm_threads_live",
            s -> s.path("points").asInt() >= 1, Duration.ofSeconds(30));
      }
      new HttpProbe(appPort).assertServes(10, QUICK);
    }
  }

  @Test
  void appServesWhileCollectorAnswersGarbageOrStalls() throws Exception {
    try (ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> answerGarbage(garbage), "garbage-collector-peer");
      server.setDaemon(true);
      server.start();
      try (Jvm app = startApp(garbage.getLocalPort())) {
        int appPort = Ports.awaitReady(app);
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
          new HttpProbe(appPort).assertServes(10, QUICK);
        }
        assertTrue(app.isAlive(), app.transcript());
      }
    }
  }

  /** Alternates between writing random bytes and holding the connection open without reading (a stall). */
  private static void answerGarbage(ServerSocket server) {
    Random random = new Random(42);
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; ; i++) {
        Socket socket = server.accept();
        if (i % 2 == 1) {
          stalled.add(socket);
          continue;
        }
        try (socket; OutputStream out = socket.getOutputStream()) {
          byte[] noise = new byte[4096];
          random.nextBytes(noise);
          out.write(noise);
          out.flush();
        } catch (IOException e) {
          // The agent hung up first; fine.
        }
      }
    } catch (IOException closed) {
      for (Socket s : stalled) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private CollectorConfig config(int ingestPort) {
    return CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", ingestPort))
        .queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir)
        .build();
  }

  private static Jvm startApp(int collectorPort) throws IOException {
    return Jvm.start(Jvm.currentJavaHome(), List.of(
        "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collectorPort
            + ",service=e2e-resilience,interval=500ms",
        "-cp", Repo.testClasses().toString(), SteadyApp.class.getName()));
  }

  private static long countLines(String text, String needle) {
    return text.lines().filter(l -> l.toLowerCase().contains(needle)).count();
  }
}
