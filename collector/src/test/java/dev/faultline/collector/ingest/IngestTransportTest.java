package dev.faultline.collector.ingest;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.proto.v1.RejectionCause;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ingest server on each transport: native epoll where it loads ({@code auto}) and NIO. */
@Timeout(30)
class IngestTransportTest {

  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(IngestTransport.class)
  void batchesAreAckedAndStoredAndAStopReachesTheAgent(IngestTransport transport) throws Exception {
    Collector collector = Collector.start(CollectorSettings.of(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).ingestTransport(transport).build()));
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      assertTrue(agent.handshake(hello("a1", "checkout", "checkout-1", "web-1")).getHelloReply().getAccepted());
      agent.send(definitions("jvm_threads_live"));
      long now = System.currentTimeMillis();
      for (int seq = 1; seq <= 50; seq++) {
        agent.send(batch(seq, now + seq, new int[] {0}, new double[] {seq}));
      }
      long acked = 0;
      while (acked < 50) {
        acked = agent.read().getAck().getSequence();
      }
      assertEquals(50, collector.store()
          .get("jvm_threads_live{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}").summary().points());
      collector.close();
      assertEquals(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, agent.read().getRejection().getCause());
      assertTrue(agent.closedByPeer());
    } finally {
      collector.close();
    }
  }

  @Test
  void autoRunsOnNativeEpollOnLinuxX8664AndNioNever() {
    // the collector jar ships epoll's library for x86_64 Linux only; elsewhere auto falls back to NIO
    boolean linuxX8664 = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
        && System.getProperty("os.arch").equals("amd64");
    assertEquals(linuxX8664, IngestTransport.AUTO.nativeEpoll());
    assertFalse(IngestTransport.NIO.nativeEpoll());
  }
}
