package dev.faultline.collector.cluster;

import dev.faultline.collector.ingest.PortableBatchCodec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.proto.v1.EdgeStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class BatchEnvelopeTest {

  static DecodedBatch batch(String agentId, String service, long sequence, int samples) {
    AgentInfo agent = new AgentInfo(agentId, service, service.isEmpty() ? "" : service + "-1", "host-a", 4242,
        service.isEmpty() ? "host" : "jvm", "17.0.15", "0.1.0", 1_700_000_000_000L);
    SeriesRef cpu = new SeriesRef(SeriesKey.of("process.cpu", Map.of("core", "all"), service, agent.instance(),
        "host-a"), "gauge", "1");
    SeriesRef lat = new SeriesRef(SeriesKey.of("http.server.duration", Map.of("route", "/pay"), service,
        agent.instance(), "host-a"), "gauge", "ms");
    SeriesRef[] refs = new SeriesRef[samples];
    long[] ts = new long[samples];
    double[] values = new double[samples];
    for (int i = 0; i < samples; i++) {
      refs[i] = i % 2 == 0 ? cpu : lat;
      ts[i] = 1_700_000_000_000L + (i / 2) * 1000L;
      values[i] = i * 1.5;
    }
    List<EdgeStats> edges = List.of(EdgeStats.newBuilder().setCaller(service).setCallee("db").setCalls(7).build());
    return new DecodedBatch(agent, sequence, 3, samples, refs, ts, values, List.of(), edges, List.of());
  }

  @Test
  void roundTripKeepsEnvelopeAndBatch() {
    DecodedBatch in = batch("agent-1", "payments", 42, 6);
    BatchEnvelope envelope = BatchEnvelope.of(in, 1_700_000_123_456L);
    BatchEnvelope back = BatchEnvelope.decode(envelope.encode());
    assertEquals(envelope, back);
    assertEquals("agent-1", back.agentId());
    assertEquals(42, back.sequence());
    assertEquals(1_700_000_123_456L, back.receivedMillis());

    DecodedBatch out = back.decode(new PortableBatchCodec.Decoder());
    assertEquals(in.agent(), out.agent());
    assertEquals(42, out.sequence());
    assertEquals(3, out.droppedBatches());
    assertEquals(6, out.sampleCount());
    assertArrayEquals(in.timestamps(), out.timestamps());
    assertArrayEquals(in.values(), out.values());
    for (int i = 0; i < 6; i++) {
      assertEquals(in.series()[i].key(), out.series()[i].key());
      assertEquals(in.series()[i].unit(), out.series()[i].unit());
    }
    assertEquals(in.edges(), out.edges());
  }

  @Test
  void serdeRoundTripsAndPassesNullThrough() {
    Serde<BatchEnvelope> serde = BatchEnvelope.serde();
    BatchEnvelope envelope = BatchEnvelope.of(batch("a-9", "checkout", 1, 2), 5);
    byte[] bytes = serde.serializer().serialize("faultline.batches", envelope);
    assertEquals(envelope, serde.deserializer().deserialize("faultline.batches", bytes));
    assertEquals(null, serde.serializer().serialize("t", null));
    assertEquals(null, serde.deserializer().deserialize("t", null));
  }

  @Test
  void keyIsTheServiceInUtf8AndTheHostForAProbe() {
    assertEquals("payments", BatchEnvelope.key(batch("a", "payments", 1, 1).agent()));
    assertArrayEquals("zahlungsdienst-ü".getBytes(StandardCharsets.UTF_8),
        BatchEnvelope.keyBytes(batch("a", "zahlungsdienst-ü", 1, 1).agent()));
    assertEquals("host:host-a", BatchEnvelope.key(batch("probe", "", 1, 1).agent()));
  }

  @Test
  void damagedOrForeignBytesAreRejectedClearly() {
    byte[] good = BatchEnvelope.of(batch("a", "s", 1, 2), 5).encode();
    assertThrows(IllegalArgumentException.class, () -> BatchEnvelope.decode(new byte[0]));
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 9;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchEnvelope.decode(wrongVersion));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    byte[] truncated = java.util.Arrays.copyOf(good, 3);
    assertThrows(IllegalArgumentException.class, () -> BatchEnvelope.decode(truncated));
  }
}
