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
import dev.faultline.collector.testing.Polling;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ingest limit over real sockets on 127.0.0.1: one offending connection is rejected with the limit named,
 * counted per cause and limit, logged once per peer and closed, while a well-behaved agent keeps delivering.
 */
@Timeout(30)
class IngestLimitsTest {

  private static final Logger HANDLER_LOG = Logger.getLogger(IngestHandler.class.getName());

  @TempDir Path dataDir;
  private Collector collector;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      warnings.add(r.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLog() {
    HANDLER_LOG.addHandler(capture);
  }

  @AfterEach
  void stop() {
    HANDLER_LOG.removeHandler(capture);
    if (collector != null) {
      collector.close();
    }
  }

  private void start(UnaryOperator<CollectorConfig.Builder> limits) throws Exception {
    collector = Collector.start(CollectorSettings.of(limits.apply(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).wal(false)).build()));
  }

  /** A well-behaved agent that checks each of its batches is acknowledged. */
  private final class GoodAgent implements AutoCloseable {
    final TestAgent socket;
    long sequence;

    GoodAgent(String id) throws Exception {
      socket = TestAgent.connect(collector.ingestAddress());
      assertTrue(socket.handshake(hello(id, "checkout", id, "web-1")).getHelloReply().getAccepted());
      socket.send(definitions("jvm_threads_live"));
    }

    void delivers() throws Exception {
      long seq = ++sequence;
      socket.send(batch(seq, System.currentTimeMillis(), new int[] {0}, new double[] {seq}));
      ServerFrame reply = socket.read();
      assertEquals(seq, reply.getAck().getSequence(), "good agent's ack: " + reply);
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  private static void assertRejected(TestAgent bad, RejectionCause cause, String limitKey) throws Exception {
    ServerFrame reply = bad.read();
    assertEquals(cause, reply.getRejection().getCause(), reply.toString());
    assertTrue(reply.getRejection().getMessage().contains(limitKey), reply.getRejection().getMessage());
    assertTrue(bad.closedByPeer(), "the offending connection is closed");
  }

  private long warningsAbout(String key) {
    return warnings.stream().filter(w -> w.contains(key) && w.contains("127.0.0.1")).count();
  }

  @Test
  void connectionBeyondTheLimitIsRefusedAtOnceAndLoggedOncePerPeer() throws Exception {
    start(b -> b.maxConnections(2));
    try (GoodAgent good = new GoodAgent("good"); TestAgent second = TestAgent.connect(collector.ingestAddress())) {
      good.delivers();
      for (int i = 0; i < 3; i++) {
        try (TestAgent extra = TestAgent.connect(collector.ingestAddress())) {
          assertRejected(extra, RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, "ingest.max-connections");
        }
        good.delivers();
      }
      second.write(dev.faultline.common.Protocol.MAGIC); // the second one, within the limit, is served
      second.send(dev.faultline.collector.testing.TestFrames.helloFrame(hello("second", "s", "s-1", "web-1")));
      assertTrue(second.read().getHelloReply().getAccepted());
    }
    assertEquals(3, collector.ingestStats().rejections().count("ingest.max-connections"));
    assertEquals(1, warningsAbout("ingest.max-connections"), String.join("\n", warnings));
    // closed connections free their places, once the collector's event loops have seen the closes
    Polling.await("the closed connections seen", Duration.ofSeconds(10),
        () -> collector.agents().sessions().stream().noneMatch(AgentSession::isConnected));
    try (GoodAgent again = new GoodAgent("again"); GoodAgent another = new GoodAgent("another")) {
      again.delivers();
      another.delivers();
    }
  }

  @Test
  void silentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
    start(b -> b.handshakeTimeout(Duration.ofMillis(300)));
    try (GoodAgent good = new GoodAgent("good"); TestAgent silent = TestAgent.connect(collector.ingestAddress())) {
      silent.write(new byte[] {'F', 'L'}); // half a preamble, then nothing
      long start = System.nanoTime();
      assertRejected(silent, RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, "ingest.handshake-timeout");
      assertTrue(System.nanoTime() - start < 3_000_000_000L);
      good.delivers();
    }
    assertEquals(1, collector.ingestStats().rejections().count("ingest.handshake-timeout"));
    assertEquals(1, warningsAbout("ingest.handshake-timeout"));
  }

  @Test
  void idleConnectionIsClosedWhileAnActiveOneStays() throws Exception {
    start(b -> b.idleTimeout(Duration.ofMillis(600)));
    try (GoodAgent good = new GoodAgent("good"); GoodAgent idle = new GoodAgent("idle")) {
      idle.delivers();
      long deadline = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < deadline) {
        good.delivers();
        Thread.sleep(100);
      }
      assertRejected(idle.socket, RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, "ingest.idle-timeout");
      good.delivers();
    }
    assertEquals(1, collector.ingestStats().rejections().count("ingest.idle-timeout"));
  }

  @Test
  void agentDefiningTooManySeriesIsRejectedAcrossReconnects() throws Exception {
    start(b -> b.maxSeriesPerAgent(3));
    try (GoodAgent good = new GoodAgent("good")) {
      try (TestAgent greedy = TestAgent.connect(collector.ingestAddress())) {
        greedy.handshake(hello("greedy", "svc", "svc-1", "web-1"));
        greedy.send(definitions("m:k=1", "m:k=2"));
        greedy.send(batch(1, System.currentTimeMillis(), new int[] {0, 1}, new double[] {1, 2}));
        assertEquals(1, greedy.read().getAck().getSequence());
      }
      try (TestAgent greedy = TestAgent.connect(collector.ingestAddress())) {
        greedy.handshake(hello("greedy", "svc", "svc-1", "web-1"));
        greedy.send(definitions("m:k=1", "m:k=2", "m:k=3")); // redefining known series is free: 3 in all
        greedy.send(batch(2, System.currentTimeMillis(), new int[] {2}, new double[] {3}));
        assertEquals(2, greedy.read().getAck().getSequence());
        greedy.send(definitions("m:k=1", "m:k=2", "m:k=3", "m:k=4"));
        assertRejected(greedy, RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, "ingest.max-series-per-agent");
      }
      good.delivers();
    }
    assertEquals(1, collector.ingestStats().rejections().count("ingest.max-series-per-agent"));
    assertEquals(3, collector.store().list(k -> k.metric().equals("m")).size());
  }

  @Test
  void seriesIdBeyondTheDictionaryBoundIsRejected() throws Exception {
    start(b -> b.maxSeriesPerConnection(10));
    try (GoodAgent good = new GoodAgent("good"); TestAgent bad = TestAgent.connect(collector.ingestAddress())) {
      bad.handshake(hello("bad", "svc", "svc-1", "web-1"));
      bad.send(ClientFrame.newBuilder().setDefinitions(dev.faultline.proto.v1.SeriesDefinitions.newBuilder()
          .addSeries(dev.faultline.proto.v1.SeriesDefinition.newBuilder().setId(2_000_000_000).setMetric("m")))
          .build());
      assertRejected(bad, RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, "ingest.max-series-per-connection");
      good.delivers();
    }
    assertEquals(1, collector.ingestStats().rejections().count("ingest.max-series-per-connection"));
  }

  @Test
  void frameClaimingTwoGibibytesIsRejectedFromItsLengthPrefix() throws Exception {
    start(b -> b);
    try (GoodAgent good = new GoodAgent("good"); TestAgent bad = TestAgent.connect(collector.ingestAddress())) {
      bad.write(dev.faultline.common.Protocol.MAGIC);
      bad.write(ByteBuffer.allocate(4).putInt(Integer.MIN_VALUE).array()); // 2 GiB, and no body
      assertRejected(bad, RejectionCause.REJECTION_CAUSE_FRAME_TOO_LARGE, "ingest.max-frame-bytes");
      good.delivers();
    }
    assertEquals(1, collector.ingestStats().rejections().count("ingest.max-frame-bytes"));
  }

  @Test
  void fastSenderIsThrottledNotClosedAndOthersKeepTheirLatency() throws Exception {
    int rate = 64 * 1024;
    start(b -> b.maxFrameBytes(4096).maxBytesPerSecond(rate));
    try (GoodAgent good = new GoodAgent("good"); GoodAgent fast = new GoodAgent("fast")) {
      double[] values = new double[400];
      int[] ids = new int[400]; // all series 0: about 3.6 KB per batch
      int batches = 80; // about 290 KB: the burst allowance (68 KiB) and then about 3.4 s at 64 KiB/s
      byte[] all = new byte[0];
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int seq = 1; seq <= batches; seq++) {
        out.writeBytes(dev.faultline.collector.testing.TestFrames.framed(batch(seq, seq, ids, values)));
      }
      all = out.toByteArray();
      long start = System.nanoTime();
      Thread writer = new Thread(() -> {
        try {
          fast.socket.write(out.toByteArray());
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      writer.start();
      long worstGoodMillis = 0;
      while (writer.isAlive() || System.nanoTime() - start < 1_000_000_000L) {
        long t = System.nanoTime();
        good.delivers();
        worstGoodMillis = Math.max(worstGoodMillis, (System.nanoTime() - t) / 1_000_000);
        Thread.sleep(50);
      }
      long acked = 0;
      while (acked < batches) { // acks are cumulative: one per read burst
        long next = fast.socket.read().getAck().getSequence();
        assertTrue(next > acked && next <= batches, "acks only go up: " + acked + " then " + next);
        acked = next;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double expectedMin = (all.length - (4096 + rate)) / (double) rate;
      assertTrue(seconds >= expectedMin * 0.8, "took " + seconds + " s, at least " + expectedMin + " expected");
      assertTrue(worstGoodMillis < 500, "good agent's worst ack took " + worstGoodMillis + " ms");
    }
    assertTrue(collector.ingestStats().rejections().count("ingest.max-bytes-per-second (throttled)") >= 1);
    assertEquals(0, collector.ingestStats().rejections().snapshot().size(), "throttling is not a rejection");
  }
}
