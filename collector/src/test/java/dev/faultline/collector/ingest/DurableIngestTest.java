package dev.faultline.collector.ingest;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.proto.v1.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WAL wiring of ingest, in process: codec round trip, and state that survives a restart. */
@Timeout(30)
class DurableIngestTest {

  private static final String THREADS = "jvm_threads_live{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}";

  @TempDir Path dataDir;
  @TempDir Path crashDir;

  @Test
  void codecRoundTripsABatchAndInternsSeries() {
    AgentInfo agent = new AgentInfo("a1", "checkout", "checkout-1", "web-1", 42, "jvm", "17", "0.1", 1000);
    SeriesRef heap = new SeriesRef(SeriesKey.of("jvm_heap", Map.of("pool", "eden"), "checkout", "checkout-1",
        "web-1"), "gauge", "bytes");
    SeriesRef load = new SeriesRef(SeriesKey.of("host_load1", Map.of(), "checkout", "checkout-1", "web-1"),
        "gauge", "");
    DecodedBatch in = new DecodedBatch(agent, 7, 3, 3, new SeriesRef[] {heap, load, heap},
        new long[] {5000, 5000, 6000}, new double[] {1.5, -2, Double.NaN}, List.of(), List.of(),
        List.of(Event.newBuilder().setKey("gc").setCount(3).build()));
    WalDictionary dictionary = new WalDictionary();
    BatchCodec.Encoder encoder = new BatchCodec.Encoder(dictionary);
    BatchCodec.Encoded record = encoder.encode(in, new int[] {0, 1, 0}, 99);
    assertEquals(2, record.count(), "distinct keys the record refers to");
    dev.faultline.collector.wal.IngestRecord envelope = dev.faultline.collector.wal.IngestRecord.decode(record.record());
    assertEquals("a1", envelope.agentId());
    assertEquals(99, envelope.receivedAtMillis());
    BatchCodec.Decoder decoder = new BatchCodec.Decoder(dictionary);
    DecodedBatch out = decoder.decode(7, envelope.payload());
    assertEquals(agent, out.agent());
    assertEquals(3, out.droppedBatches());
    assertEquals(3, out.sampleCount());
    assertArrayEquals(in.timestamps(), out.timestamps());
    assertArrayEquals(in.values(), out.values());
    assertEquals(heap.key().id(), out.series()[0].key().id());
    assertEquals(load.key().id(), out.series()[1].key().id());
    assertSame(out.series()[0], out.series()[2]);
    assertEquals("bytes", out.series()[0].unit());
    assertEquals(in.events(), out.events());
    assertSame(out.series()[0], decoder.decode(7, dev.faultline.collector.wal.IngestRecord.decode(
        encoder.encode(in, new int[] {0, 1, 0}, 99).record()).payload()).series()[0]);
  }

  @Test
  void refusingWalRejectsAsUnavailableAndAcceptsAgainWhenSpaceIsBack() throws Exception {
    java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    dev.faultline.collector.wal.Wal wal = dev.faultline.collector.wal.Wal.open(
        dev.faultline.collector.wal.WalOptions.builder(dataDir.resolve("wal")).minFreeBytes(1 << 20)
            .diskCheckInterval(java.time.Duration.ZERO).freeSpaceProbe(d -> free.get()).build());
    DurableLog durable = new DurableLog(wal);
    AgentLedger ledger = new AgentLedger();
    IngestStats stats = new IngestStats();
    java.util.List<DecodedBatch> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
    IngestServer server = new IngestServer(new IngestContext(1 << 20, 5000, 1000, stored::add, ledger, stats,
        System::currentTimeMillis, durable), 60_000);
    try {
      java.net.InetSocketAddress address = server.start(new Endpoint("127.0.0.1", 0));
      long now = System.currentTimeMillis();
      try (TestAgent agent = TestAgent.connect(address)) {
        agent.handshake(hello("a1", "checkout", "checkout-1", "web-1"));
        agent.send(definitions("jvm_threads_live"));
        agent.send(batch(1, now, new int[] {0}, new double[] {1}));
        assertEquals(1, agent.read().getAck().getSequence());
        free.set(0); // disk full
        agent.send(batch(2, now + 1, new int[] {0}, new double[] {2}));
        dev.faultline.proto.v1.ServerFrame refused = agent.read();
        assertEquals(dev.faultline.proto.v1.RejectionCause.REJECTION_CAUSE_UNAVAILABLE,
            refused.getRejection().getCause(), refused.toString());
      }
      assertEquals(dev.faultline.collector.wal.WalState.REFUSING, durable.stats().state());
      free.set(Long.MAX_VALUE); // space is back: the agent resends and gets its ack
      try (TestAgent agent = TestAgent.connect(address)) {
        assertEquals(1, agent.handshake(hello("a1", "checkout", "checkout-1", "web-1")).getHelloReply()
            .getLastSequence());
        agent.send(definitions("jvm_threads_live"));
        agent.send(batch(2, now + 1, new int[] {0}, new double[] {2}));
        assertEquals(2, agent.read().getAck().getSequence());
      }
      assertEquals(2, stored.size());
    } finally {
      server.close();
      durable.close();
    }
  }

  @Test
  void restartReplaysTheStoreAndTheLastSequence() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build();
    long now = System.currentTimeMillis();
    try (Collector collector = Collector.start(CollectorSettings.of(config));
        TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(hello("a1", "checkout", "checkout-1", "web-1"));
      agent.send(definitions("jvm_threads_live"));
      for (int seq = 1; seq <= 10; seq++) {
        agent.send(batch(seq, now + seq, new int[] {0}, new double[] {seq}));
      }
      for (int seq = 1; seq <= 10; seq++) {
        assertEquals(seq, agent.read().getAck().getSequence());
      }
    }
    try (Collector collector = Collector.start(CollectorSettings.of(config));
        TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      assertEquals(10, collector.store().get(THREADS).summary().points());
      assertEquals(10, agent.handshake(hello("a1", "checkout", "checkout-1", "web-1")).getHelloReply()
          .getLastSequence());
      agent.send(definitions("jvm_threads_live"));
      agent.send(batch(10, now + 10, new int[] {0}, new double[] {10})); // resent: acked, not stored again
      agent.send(batch(11, now + 11, new int[] {0}, new double[] {11}));
      assertEquals(10, agent.read().getAck().getSequence());
      assertEquals(11, agent.read().getAck().getSequence());
      MemorySeries threads = collector.store().get(THREADS);
      assertEquals(11, threads.summary().points());
      assertEquals(1, collector.ingestStats().batchesDuplicate());
    }
  }

  @Test
  void crashAfterASnapshotRestoresItAndReplaysOnlyTheLogWrittenSince() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build();
    Path crashImage = crashDir.resolve("data");
    long now = System.currentTimeMillis();
    try (Collector collector = Collector.start(CollectorSettings.of(config));
        TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(hello("a1", "checkout", "checkout-1", "web-1"));
      agent.send(definitions("jvm_threads_live"));
      for (int seq = 1; seq <= 15; seq++) {
        agent.send(batch(seq, now + seq, new int[] {0}, new double[] {seq}));
        assertEquals(seq, agent.read().getAck().getSequence());
        if (seq == 10) {
          assertTrue(collector.snapshot());
        }
      }
      copyTree(dataDir, crashImage); // the files as a kill -9 would leave them: acked records are fsynced
    }
    CollectorConfig afterCrash = config.toBuilder().dataDir(crashImage).build();
    try (Collector collector = Collector.start(CollectorSettings.of(afterCrash));
        TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      assertEquals(5, collector.startupReplay().records()); // batches 11..15; 1..10 came from the snapshot
      MemorySeries threads = collector.store().get(THREADS);
      assertEquals(15, threads.summary().points());
      assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
          threads.read(0, Long.MAX_VALUE).values());
      assertEquals(15, agent.handshake(hello("a1", "checkout", "checkout-1", "web-1")).getHelloReply()
          .getLastSequence());
      assertEquals(1, collector.store().registry().services().size());
    }
    // the clean stop above wrote a final snapshot
    try (Collector collector = Collector.start(CollectorSettings.of(afterCrash))) {
      assertEquals(0, collector.startupReplay().records());
      assertEquals(15, collector.store().get(THREADS).summary().points());
    }
  }

  @Test
  void snapshotsTakenWhileAgentsStreamNeverLoseOrDoubleAnAppliedBatch() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build();
    int agents = 3;
    int batches = 150;
    long now = System.currentTimeMillis();
    Path crashImage = crashDir.resolve("data");
    try (Collector collector = Collector.start(CollectorSettings.of(config))) {
      java.util.concurrent.atomic.AtomicInteger acks = new java.util.concurrent.atomic.AtomicInteger();
      Thread snapshots = new Thread(() -> { // snapshots race with applies until two thirds are acked
        while (acks.get() < agents * batches * 2 / 3) {
          try {
            collector.snapshot();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
      snapshots.start();
      java.util.List<java.util.concurrent.CompletableFuture<Void>> senders = new java.util.ArrayList<>();
      for (int a = 0; a < agents; a++) {
        String service = "svc" + a;
        senders.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
          try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
            agent.handshake(hello(service + "-agent", service, service + "-1", "web-1"));
            agent.send(definitions("jvm_threads_live", "jvm_classes_loaded"));
            for (int seq = 1; seq <= batches; seq++) {
              agent.send(batch(seq, now + seq, new int[] {0, 1}, new double[] {seq, -seq}));
              if (seq % 10 == 0 || seq == batches) {
                for (int acked = seq - (seq % 10 == 0 ? 10 : seq % 10) + 1; acked <= seq; acked++) {
                  assertEquals(acked, agent.read().getAck().getSequence());
                  acks.incrementAndGet();
                }
              }
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }));
      }
      java.util.concurrent.CompletableFuture.allOf(senders.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .get(20, java.util.concurrent.TimeUnit.SECONDS);
      snapshots.join();
      copyTree(dataDir, crashImage); // before close(), whose final snapshot would cover everything
    }
    try (Collector collector = Collector.start(CollectorSettings.of(config.toBuilder().dataDir(crashImage).build()))) {
      assertTrue(collector.startupReplay().records() > 0, "the last snapshot was taken mid-stream");
      for (int a = 0; a < agents; a++) {
        String series = "jvm_threads_live{service=\"svc" + a + "\",instance=\"svc" + a + "-1\",host=\"web-1\"}";
        MemorySeries.Points points = collector.store().get(series).read(0, Long.MAX_VALUE);
        assertEquals(batches, collector.agents().lastSequence("svc" + a + "-agent"));
        assertEquals(batches, points.size(), "svc" + a + " after restore + replay of " + collector.startupReplay());
        for (int i = 0; i < batches; i++) {
          assertEquals(now + i + 1, points.timestamps()[i]);
          assertEquals(i + 1.0, points.values()[i]);
        }
      }
      assertEquals(0, collector.store().samplesSkipped());
    }
  }

  @Test
  @Timeout(120) // two collector starts; the class's 30 s were too short at load 35-40
  void batchesBehindOneTheStoreRefusedAreNotAppliedSoItsResendIsNotTakenForADuplicate() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build();
    java.util.concurrent.atomic.AtomicBoolean refuseOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
    BatchSink refusesBatchOneOnce = batch -> {
      if (batch.sequence() == 1 && refuseOnce.getAndSet(false)) {
        throw new IllegalStateException("downstream full");
      }
    };
    long now = System.currentTimeMillis();
    try (Collector collector = Collector.start(CollectorSettings.builder(config)
        .downstream(List.of(refusesBatchOneOnce)).build())) {
      try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
        agent.handshake(hello("a1", "checkout", "checkout-1", "web-1"));
        agent.send(definitions("jvm_threads_live"));
        // one read burst: 2 and 3 are logged, and durable, before batch 1 is refused
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        for (int seq = 1; seq <= 3; seq++) {
          burst.writeBytes(dev.faultline.collector.testing.TestFrames.framed(batch(seq, now + seq, new int[] {0},
              new double[] {seq})));
        }
        agent.write(burst.toByteArray());
        dev.faultline.proto.v1.ServerFrame refused = agent.read();
        assertEquals(dev.faultline.proto.v1.RejectionCause.REJECTION_CAUSE_UNAVAILABLE,
            refused.getRejection().getCause(), refused.toString());
      }
      try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
        long lastSequence = agent.handshake(hello("a1", "checkout", "checkout-1", "web-1")).getHelloReply()
            .getLastSequence();
        assertEquals(0, lastSequence, "batch 1 was not stored: nothing after it may count as applied, or the agent"
            + " frees batch 1 and its resend is acknowledged as a duplicate");
        agent.send(definitions("jvm_threads_live"));
        for (int seq = 1; seq <= 3; seq++) {
          agent.send(batch(seq, now + seq, new int[] {0}, new double[] {seq}));
          assertEquals(seq, agent.read().getAck().getSequence());
        }
      }
      assertEquals(3, collector.store().get(THREADS).read(0, Long.MAX_VALUE).size());
    }
  }

  @Test
  void minFreeBytesFromTheConfigMakesTheLogRefuseBatches() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).minFreeBytes(Long.MAX_VALUE / 2).build(); // more than any disk has free
    try (Collector collector = Collector.start(CollectorSettings.of(config));
        TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(hello("a1", "checkout", "checkout-1", "web-1"));
      agent.send(definitions("jvm_threads_live"));
      agent.send(batch(1, System.currentTimeMillis(), new int[] {0}, new double[] {1}));
      dev.faultline.proto.v1.ServerFrame refused = agent.read();
      assertEquals(dev.faultline.proto.v1.RejectionCause.REJECTION_CAUSE_UNAVAILABLE,
          refused.getRejection().getCause(), refused.toString());
      assertEquals(null, collector.store().get(THREADS));
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(p, target);
        }
      }
    }
  }
}
