package dev.faultline.collector.ingest;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class IngestSocketTest {

  @TempDir Path dataDir;
  private Collector collector;

  @BeforeEach
  void start() throws Exception {
    collector = Collector.start(CollectorSettings.of(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build()));
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void agentStreamsBatchesThatAreAckedAndStored() throws Exception {
    long now = System.currentTimeMillis();
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      ServerFrame reply = agent.handshake(hello("a1", "checkout", "checkout-1", "web-1"));
      assertTrue(reply.getHelloReply().getAccepted());
      assertEquals(0, reply.getHelloReply().getLastSequence());
      assertEquals(CollectorConfig.DEFAULT_MAX_FRAME_BYTES, reply.getHelloReply().getMaxFrameBytes());
      agent.send(definitions("jvm_threads_live", "host_load1"));
      for (int seq = 1; seq <= 20; seq++) {
        agent.send(batch(seq, now + seq, new int[] {0, 1}, new double[] {seq, seq / 10.0}));
      }
      long acked = 0;
      while (acked < 20) { // cumulative: a read burst of several batches gets one ack, for the highest
        long next = agent.read().getAck().getSequence();
        assertTrue(next > acked, "acks only go up: " + acked + " then " + next);
        acked = next;
      }
      assertEquals(20, acked);
    }
    MemorySeries threads = collector.store().get("jvm_threads_live{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}");
    assertEquals(20, threads.summary().points());
    assertEquals(20.0, threads.summary().lastValue());
    assertEquals(20, collector.store().get("host_load1{host=\"web-1\"}").summary().points());
    assertEquals(20, collector.agents().lastSequence("a1"));
  }

  @Test
  void stoppingTellsConnectedAgentsToRetryLater() throws Exception {
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      assertTrue(agent.handshake(hello("a2", "checkout", "c-1", "web-1")).getHelloReply().getAccepted());
      collector.close();
      assertEquals(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, agent.read().getRejection().getCause());
      assertTrue(agent.closedByPeer());
    }
  }

  @Test
  void garbageConnectionIsClosedWhileAGoodOneKeepsFlowing() throws Exception {
    long now = System.currentTimeMillis();
    try (TestAgent good = TestAgent.connect(collector.ingestAddress());
        TestAgent garbage = TestAgent.connect(collector.ingestAddress())) {
      assertTrue(good.handshake(hello("good", "checkout", "c-1", "web-1")).getHelloReply().getAccepted());
      good.send(definitions("jvm_threads_live"));
      good.send(batch(1, now, new int[] {0}, new double[] {1}));
      assertEquals(1, good.read().getAck().getSequence());

      garbage.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ServerFrame rejection = garbage.read();
      assertEquals(RejectionCause.REJECTION_CAUSE_BAD_MAGIC, rejection.getRejection().getCause());
      assertTrue(garbage.closedByPeer());

      good.send(batch(2, now + 1, new int[] {0}, new double[] {2}));
      assertEquals(2, good.read().getAck().getSequence());
    }
    assertEquals(1, collector.ingestStats().rejections().count(RejectionCause.REJECTION_CAUSE_BAD_MAGIC));
    assertEquals(2, collector.store().samplesStored());
  }
}
