package dev.faultline.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.config.Endpoint;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.series.BatchEncoder;
import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.MetricType;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's client with two collector stand-ins: what moves to the next collector, and what it carries there. */
@Timeout(30)
class CollectorFailoverTest {

  private static final long WAIT = 8_000;

  private final SeriesRegistry registry = new SeriesRegistry();
  private final MetricFamily family = registry.family("m", MetricType.METRIC_TYPE_GAUGE, "u", "k");
  private final BatchEncoder encoder = new BatchEncoder();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Consumer<String> previousLog;
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
    for (AutoCloseable c : closeables) {
      c.close();
    }
    AgentLog.redirect(previousLog);
  }

  @Test
  void lostCollectorHandsEveryUnacknowledgedBatchToTheNext() throws Exception {
    FakeCollector a = collector();
    FakeCollector b = collector();
    a.autoAck = false;
    start(1_000, a.port(), b.port());
    submit("x");
    submit("y");
    submit("x");
    assertEquals(List.of(1L, 2L, 3L), batches(a, 3));
    a.close(); // gone for good: its connection drops and its port refuses

    assertTrue(b.next(WAIT).frame().hasHello());
    ClientFrame defs = expect(b, ClientFrame.KindCase.DEFINITIONS);
    assertEquals(2, defs.getDefinitions().getSeriesCount(), "the new collector learns every series");
    assertEquals(List.of(1L, 2L, 3L), batches(b, 3), "every unacknowledged batch, in order");
    awaitPending(0);
    assertEquals(1, client.collectorSwitches());
    List<String> lines = switchLines();
    assertEquals(1, lines.size(), log::toString);
    String from = "127.0.0.1:" + a.port();
    assertTrue(lines.get(0).startsWith("faultline: switched collector " + from + " -> 127.0.0.1:" + b.port() + " ("
        + from + ": connection lost: "), lines.get(0));
  }

  @Test
  void firstReachableCollectorOfTheListServesWhenTheFirstIsDown() throws Exception {
    int down = freePort();
    FakeCollector b = collector();
    start(1_000, down, b.port());
    submit("x");
    assertTrue(b.next(WAIT).frame().hasHello());
    expect(b, ClientFrame.KindCase.DEFINITIONS);
    assertEquals(1, expect(b, ClientFrame.KindCase.BATCH).getBatch().getSequence());
    assertEquals(1, client.collectorSwitches());
    List<String> lines = switchLines();
    assertEquals(1, lines.size(), log::toString);
    assertTrue(lines.get(0).toLowerCase().contains("refused"), lines.get(0));
  }

  @Test
  void unavailableRejectionMovesToTheNextCollector() throws Exception {
    FakeCollector a = collector();
    FakeCollector b = collector();
    a.unavailableConnectionsUpTo = Integer.MAX_VALUE;
    start(1_000, a.port(), b.port());
    submit("x");
    assertEquals(List.of(1L), batches(b, 1));
    awaitPending(0);
    assertEquals(1, client.collectorSwitches());
    assertTrue(switchLines().get(0).contains("rejected, REJECTION_CAUSE_UNAVAILABLE: disk full"), log::toString);
  }

  @Test
  void handshakeTimeoutMovesToTheNextCollector() throws Exception {
    FakeCollector a = collector();
    FakeCollector b = collector();
    a.silentConnectionsUpTo = Integer.MAX_VALUE;
    start(300, a.port(), b.port());
    submit("x");
    assertEquals(List.of(1L), batches(b, 1));
    assertTrue(switchLines().get(0).contains("no HelloReply within 300 ms"), log::toString);
  }

  @Test
  void movingBackSendsOnlyWhatNeitherCollectorAcknowledged() throws Exception {
    FakeCollector a = collector();
    FakeCollector b = collector();
    start(1_000, a.port(), b.port());
    submit("x");
    submit("x");
    assertEquals(List.of(1L, 2L), batches(a, 2));
    awaitPending(0);
    a.dropConnections(); // a still listens, but the agent moves on to b
    assertTrue(b.next(WAIT).frame().hasHello());
    expect(b, ClientFrame.KindCase.DEFINITIONS);
    submit("x");
    assertEquals(List.of(3L), batches(b, 1), "nothing a acknowledged is sent to b");
    awaitPending(0);

    a.lastSequence = 2; // what a holds of this agent id
    b.close();
    FakeCollector.Received hello = a.next(WAIT);
    assertEquals(2, hello.connection());
    assertTrue(hello.frame().hasHello());
    expect(a, ClientFrame.KindCase.DEFINITIONS);
    submit("x");
    assertEquals(List.of(4L), batches(a, 1), "batch 3 is b's: not sent to a again");
    assertEquals(2, client.collectorSwitches());
    assertEquals(2, switchLines().size(), log::toString);
  }

  @Test
  void collectorsThatAcceptThenRejectAreRetriedWithGrowingDelays() throws Exception {
    FakeCollector a = collector();
    FakeCollector b = collector();
    a.unavailableConnectionsUpTo = Integer.MAX_VALUE;
    b.unavailableConnectionsUpTo = Integer.MAX_VALUE;
    start(1_000, a.port(), b.port());
    submit("x");
    while (a.acceptedAtNanos.size() < 3 || b.acceptedAtNanos.size() < 2) {
      Thread.sleep(20);
    }
    // Attempts alternate a, b, a, b, a; the delays before attempts 2..5 are drawn from [100,200], [200,400],
    // [400,800] and [800,1600] ms. Were the backoff reset at every accepted handshake, each would be ~150 ms.
    List<Long> at = List.of(a.acceptedAtNanos.get(0), b.acceptedAtNanos.get(0), a.acceptedAtNanos.get(1),
        b.acceptedAtNanos.get(1), a.acceptedAtNanos.get(2));
    long lastGapMillis = (at.get(4) - at.get(3)) / 1_000_000;
    long totalMillis = (at.get(4) - at.get(0)) / 1_000_000;
    assertTrue(lastGapMillis >= 800, "delay before the fifth attempt: " + lastGapMillis + " ms");
    assertTrue(totalMillis >= 1_500, "five attempts within " + totalMillis + " ms");
    assertEquals(1, client.pendingBatches(), "the rejected batch is kept");
  }

  @Test
  void singleCollectorIsReconnectedWithoutASwitch() throws Exception {
    FakeCollector a = collector();
    start(1_000, a.port());
    submit("x");
    assertEquals(List.of(1L), batches(a, 1));
    awaitPending(0);
    a.dropConnections();
    FakeCollector.Received hello = a.next(WAIT);
    assertEquals(2, hello.connection());
    submit("x");
    expect(a, ClientFrame.KindCase.DEFINITIONS);
    assertEquals(List.of(2L), batches(a, 1));
    assertEquals(0, client.collectorSwitches());
    assertTrue(switchLines().isEmpty(), log::toString);
  }

  private FakeCollector collector() throws Exception {
    FakeCollector c = new FakeCollector(0);
    closeables.add(c);
    return c;
  }

  private void start(long handshakeTimeoutMillis, int... ports) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int port : ports) {
      endpoints.add(new Endpoint("127.0.0.1", port));
    }
    AgentIdentity identity = new AgentIdentity(AgentKind.AGENT_KIND_JVM, "checkout", "checkout@h:1", "h", "");
    client = new CollectorClient(endpoints, identity, registry, 1 << 20, null, handshakeTimeoutMillis);
    client.start();
  }

  private void submit(String label) {
    SampleBuffer samples = new SampleBuffer();
    samples.add(family.id(label), 1.0);
    client.submit(encoder.encode(System.currentTimeMillis(), samples, client.droppedBatches(), client.maxFrameBytes()));
  }

  /** The sequences of the next {@code count} batches the collector receives, skipping other frames. */
  private static List<Long> batches(FakeCollector c, int count) throws InterruptedException {
    List<Long> sequences = new ArrayList<>();
    while (sequences.size() < count) {
      ClientFrame f = c.next(WAIT).frame();
      if (f.hasBatch()) {
        sequences.add(f.getBatch().getSequence());
      }
    }
    return sequences;
  }

  private static ClientFrame expect(FakeCollector c, ClientFrame.KindCase kind) throws InterruptedException {
    ClientFrame f = c.next(WAIT).frame();
    assertEquals(kind, f.getKindCase(), f.toString());
    return f;
  }

  private List<String> switchLines() {
    return log.stream().filter(l -> l.contains("switched collector")).toList();
  }

  private void awaitPending(int expected) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT;
    while (client.pendingBatches() != expected) {
      assertTrue(System.currentTimeMillis() < deadline, "pending " + client.pendingBatches() + " != " + expected);
      Thread.sleep(20);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
