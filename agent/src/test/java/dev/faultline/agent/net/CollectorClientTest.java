package dev.faultline.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.config.Endpoint;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.series.BatchEncoder;
import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.MetricType;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CollectorClientTest {

  private static final long WAIT = 8_000;

  private final SeriesRegistry registry = new SeriesRegistry();
  private final MetricFamily family = registry.family("m", MetricType.METRIC_TYPE_GAUGE, "u", "k");
  private final BatchEncoder encoder = new BatchEncoder();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Consumer<String> previousLog;
  private FakeCollector collector;
  private CollectorClient client;

  @BeforeEach
  void captureLog() {
    previousLog = AgentLog.redirect(log::add);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close(500);
    }
    if (collector != null) {
      collector.close();
    }
    AgentLog.redirect(previousLog);
  }

  private CollectorClient startClient(int port) {
    return startClient(port, 1 << 20);
  }

  private CollectorClient startClient(int port, long bufferBytes) {
    AgentIdentity identity = new AgentIdentity(AgentKind.AGENT_KIND_JVM, "checkout", "checkout@h:1", "h", "tok");
    client = new CollectorClient(List.of(new Endpoint("127.0.0.1", port)), identity, registry, bufferBytes);
    client.start();
    return client;
  }

  /** A collector that acknowledges nothing until {@code autoAck} is set, and a client connected to it (Hello read). */
  private void startWithoutAcks() throws Exception {
    collector = new FakeCollector(0);
    collector.autoAck = false;
    startClient(collector.port());
    expect(ClientFrame.KindCase.HELLO);
  }

  /** Submits one batch whose samples use series with the given label values. */
  private long submit(String... labels) {
    SampleBuffer samples = new SampleBuffer();
    for (String label : labels) {
      samples.add(family.id(label), 1.0);
    }
    long seq = encoder.nextSequence();
    client.submit(encoder.encode(System.currentTimeMillis(), samples, client.droppedBatches(), client.maxFrameBytes()));
    return seq;
  }

  private ClientFrame expect(ClientFrame.KindCase kind) throws InterruptedException {
    ClientFrame f = collector.next(WAIT).frame();
    assertEquals(kind, f.getKindCase(), f.toString());
    return f;
  }

  private void awaitPending(int expected) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT;
    while (client.pendingBatches() != expected) {
      assertTrue(System.currentTimeMillis() < deadline, "pending " + client.pendingBatches() + " != " + expected);
      Thread.sleep(20);
    }
  }

  @Test
  void sendsMagicThenHelloThenDefinitionsBeforeTheFirstBatch() throws Exception {
    collector = new FakeCollector(0);
    family.id("a");
    startClient(collector.port());
    Hello hello = expect(ClientFrame.KindCase.HELLO).getHello();
    assertEquals(Protocol.VERSION, hello.getProtocolVersion());
    assertEquals("checkout", hello.getService());
    assertEquals("checkout@h:1", hello.getInstanceId());
    assertEquals("h", hello.getHost());
    assertEquals("tok", hello.getAuthToken());
    assertEquals(AgentKind.AGENT_KIND_JVM, hello.getKind());
    assertEquals(ProcessHandle.current().pid(), hello.getPid());
    assertFalse(hello.getAgentId().isEmpty());
    assertTrue(hello.getStartTimeUnixMs() > 0);
    assertEquals(Runtime.version().toString(), hello.getRuntimeVersion());
    assertEquals(1, expect(ClientFrame.KindCase.DEFINITIONS).getDefinitions().getSeries(0).getId());
    submit("a");
    assertEquals(1, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
    assertTrue(collector.badMagic.isEmpty(), collector.badMagic::toString);
  }

  @Test
  void newSeriesAreDefinedBeforeTheBatchThatFirstUsesThem() throws Exception {
    collector = new FakeCollector(0);
    startClient(collector.port());
    expect(ClientFrame.KindCase.HELLO);
    submit("a");
    ClientFrame defs = expect(ClientFrame.KindCase.DEFINITIONS);
    assertEquals("a", defs.getDefinitions().getSeries(0).getLabels(0).getValue());
    expect(ClientFrame.KindCase.BATCH);
    submit("a", "b");
    ClientFrame more = expect(ClientFrame.KindCase.DEFINITIONS);
    assertEquals(1, more.getDefinitions().getSeriesCount());
    assertEquals(2, more.getDefinitions().getSeries(0).getId());
    assertEquals(2, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
    submit("b");
    assertEquals(3, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
  }

  @Test
  void acksTrimTheBufferAndUnackedBatchesStay() throws Exception {
    startWithoutAcks();
    submit("a");
    submit("a");
    expect(ClientFrame.KindCase.DEFINITIONS);
    expect(ClientFrame.KindCase.BATCH);
    expect(ClientFrame.KindCase.BATCH);
    assertEquals(2, client.pendingBatches());
    collector.autoAck = true;
    submit("a");
    expect(ClientFrame.KindCase.BATCH);
    // Ack{3} is cumulative: it frees 1 and 2 as well.
    awaitPending(0);
  }

  @Test
  void resendsUnackedBatchesInOrderAfterTheCollectorDropsTheConnection() throws Exception {
    startWithoutAcks();
    submit("a");
    submit("b");
    int batches = 0;
    while (batches < 2) {
      batches += collector.next(WAIT).frame().hasBatch() ? 1 : 0;
    }
    collector.dropConnections();
    FakeCollector.Received hello = collector.next(WAIT);
    assertEquals(2, hello.connection());
    assertTrue(hello.frame().hasHello());
    ClientFrame defs = expect(ClientFrame.KindCase.DEFINITIONS);
    assertEquals(2, defs.getDefinitions().getSeriesCount(), "all series again on a new connection");
    assertEquals(1, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
    assertEquals(2, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
  }

  @Test
  void batchesTheCollectorAlreadyHoldsAreNotResent() throws Exception {
    startWithoutAcks();
    submit("a");
    submit("a");
    submit("a");
    expect(ClientFrame.KindCase.DEFINITIONS);
    for (int i = 0; i < 3; i++) {
      expect(ClientFrame.KindCase.BATCH);
    }
    collector.lastSequence = 2;
    collector.dropConnections();
    expect(ClientFrame.KindCase.HELLO);
    expect(ClientFrame.KindCase.DEFINITIONS);
    assertEquals(3, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
    awaitPending(1);
  }

  @Test
  void connectsWhenTheCollectorStartsLate() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    startClient(port);
    submit("a");
    Thread.sleep(700);
    collector = new FakeCollector(port);
    expect(ClientFrame.KindCase.HELLO);
    expect(ClientFrame.KindCase.DEFINITIONS);
    assertEquals(1, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
    awaitPending(0);
    assertEquals(1, log.stream().filter(l -> l.contains("cannot reach collector")).count(), log::toString);
    assertEquals(1, log.stream().filter(l -> l.contains("reached again")).count(), log::toString);
  }

  @Test
  void garbageFromTheCollectorClosesOnlyThatConnection() throws Exception {
    collector = new FakeCollector(0);
    collector.garbageConnectionsUpTo = 2;
    startClient(collector.port());
    submit("a");
    FakeCollector.Received r;
    do {
      r = collector.next(WAIT);
    } while (r.connection() < 3);
    assertTrue(r.frame().hasHello());
    expect(ClientFrame.KindCase.DEFINITIONS);
    assertEquals(1, expect(ClientFrame.KindCase.BATCH).getBatch().getSequence());
    assertEquals(1, log.stream().filter(l -> l.contains("cannot reach collector")).count(), log::toString);
  }

  @Test
  void refusedHandshakeIsReportedOnceAndRetried() throws Exception {
    collector = new FakeCollector(0);
    collector.refuseConnectionsUpTo = 2;
    collector.refuseReason = "unknown token";
    startClient(collector.port());
    submit("a");
    FakeCollector.Received r;
    do {
      r = collector.next(WAIT);
    } while (r.connection() < 3);
    expect(ClientFrame.KindCase.DEFINITIONS);
    expect(ClientFrame.KindCase.BATCH);
    assertEquals(1, log.stream().filter(l -> l.contains("unknown token")).count(), log::toString);
  }

  @Test
  void flushWaitsForAcksAndReturnsQuicklyWithoutConnection() throws Exception {
    collector = new FakeCollector(0);
    startClient(collector.port());
    expect(ClientFrame.KindCase.HELLO);
    submit("a");
    assertTrue(client.flush(WAIT));
    collector.close();
    long t0 = System.nanoTime();
    client.flush(300);
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
  }

  @Test
  void framesStayBelowTheLimitTheCollectorAnnounces() throws Exception {
    collector = new FakeCollector(0);
    collector.maxFrameBytes = 400;
    for (int i = 0; i < 40; i++) {
      family.id("series-with-a-longish-label-" + i);
    }
    startClient(collector.port());
    expect(ClientFrame.KindCase.HELLO);
    int defined = 0;
    while (defined < 40) {
      ClientFrame defs = expect(ClientFrame.KindCase.DEFINITIONS);
      assertTrue(defs.getSerializedSize() <= 400, "definitions frame " + defs.getSerializedSize());
      defined += defs.getDefinitions().getSeriesCount();
    }
    String[] labels = new String[40];
    for (int i = 0; i < 40; i++) {
      labels[i] = "series-with-a-longish-label-" + i;
    }
    while (client.maxFrameBytes() != 400) {
      Thread.sleep(10);
    }
    submit(labels);
    int samples = 0;
    while (samples < 40) {
      ClientFrame batch = expect(ClientFrame.KindCase.BATCH);
      assertTrue(batch.getSerializedSize() <= 400, "batch frame " + batch.getSerializedSize());
      samples += batch.getBatch().getGroups(0).getSeriesIdsCount();
    }
  }

  @Test
  void fullBufferDropsOldestBatchesAndReportsTheCount() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    startClient(port, 200);
    for (int i = 0; i < 20; i++) {
      submit("a");
    }
    // Runs on the network thread after the submits above, so it sees all of them.
    int pending = client.pendingBatches();
    long dropped = client.droppedBatches();
    assertTrue(pending > 0 && pending < 20, "pending " + pending);
    assertEquals(20 - pending, dropped);
    long last = submit("a");
    collector = new FakeCollector(port);
    expect(ClientFrame.KindCase.HELLO);
    expect(ClientFrame.KindCase.DEFINITIONS);
    ClientFrame first = expect(ClientFrame.KindCase.BATCH);
    assertTrue(first.getBatch().getSequence() > 1, "oldest batches were dropped");
    ClientFrame f;
    do {
      f = expect(ClientFrame.KindCase.BATCH);
    } while (f.getBatch().getSequence() < last);
    assertTrue(f.getBatch().getDroppedBatches() >= dropped);
  }
}
