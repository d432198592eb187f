package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.ChaosProxy;
import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Streams;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents talk to the collector through a proxy that drops connections, stalls them and cuts frames in the middle,
 * for {@value #CHAOS_SECONDS} s; then the network calms down. Nothing crashes, no batch is counted twice (exactly
 * one point per agent sequence and timestamp) and nothing acknowledged is lost.
 */
@Timeout(120)
class FlakyNetworkTest {

  private static final int CHAOS_SECONDS = 20;

  @TempDir Path dataDir;

  @Test
  void droppedStalledAndCutConnectionsNeitherLoseNorDoubleCount() throws Exception {
    int port = Ports.free();
    try (CollectorProcess collector = CollectorProcess.start(port, dataDir);
        ChaosProxy proxy = new ChaosProxy(port);
        Jvm a = Streams.startApp(proxy.port(), "flaky0", "100ms", "1MiB");
        Jvm b = Streams.startApp(proxy.port(), "flaky1", "100ms", "1MiB")) {
      Ports.awaitReady(a);
      Ports.awaitReady(b);
      Thread.sleep(CHAOS_SECONDS * 1000L);
      assertTrue(proxy.connections() >= 6, "too little chaos: " + proxy.connections() + " connections");
      proxy.calm();
      for (String service : new String[] {"flaky0", "flaky1"}) {
        Streams.threadsSeries(collector.query(), service, CHAOS_SECONDS * 5, Duration.ofSeconds(60));
        Streams.assertOnePointPerSequence(collector, service, Duration.ofSeconds(30));
      }
      Streams.assertNoDoubleApply(collector);
      assertTrue(collector.isAlive() && a.isAlive() && b.isAlive(), collector.transcript());
    }
  }
}
