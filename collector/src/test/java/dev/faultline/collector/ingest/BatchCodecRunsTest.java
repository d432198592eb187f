package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.wal.IngestRecord;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batch record's sample encoding (runs of one timestamp, key spans, whole-number values as varints): every value
 * and key survives the round trip exactly, and the bytes per sample are what the format promises.
 */
class BatchCodecRunsTest {

  private static final AgentInfo AGENT = new AgentInfo("a1", "svc", "i1", "h1", 1, "jvm", "17", "0.1", 0);

  private final WalDictionary dictionary = new WalDictionary();

  @Test
  void runsOfMixedValuesAndScatteredKeysRoundTripExactly() {
    SeriesRef[] series = refs("m", 8);
    // other keys allocated in between: this connection's keys are not one span
    dictionary.keyOf(series[0]);
    dictionary.keyOf(ref("other", 0));
    dictionary.keyOf(series[5]);
    dictionary.keyOf(ref("other", 1));
    double[] values = {
        0, 1, -1, 4_503_599_627_370_496.0, -123_456_789, 42, 7, 3, // run 1: whole numbers
        -0.0, 2, 3, 4, 5, 6, 7, 8,                                  // run 2: -0.0 must stay -0.0
        0.5, Double.NaN, Double.POSITIVE_INFINITY, 1e300, -1e-300, Double.MIN_VALUE, 1, 2, // run 3: raw
        9_007_199_254_740_992.0, 1, 2, 3, 4, 5, 6, 7};              // run 4: 2^53 is beyond the exact range
    long[] timestamps = new long[32];
    SeriesRef[] refs = new SeriesRef[32];
    int[] ids = new int[32];
    for (int i = 0; i < 32; i++) {
      timestamps[i] = i < 8 ? 1_000 : i < 16 ? 900 : i < 24 ? -5 : 1L << 40; // deltas of both signs
      int id = (i * 3) % 8; // keys out of order within a run
      refs[i] = series[id];
      ids[i] = id;
    }
    DecodedBatch batch = batch(7, refs, timestamps, values);

    DecodedBatch decoded = roundTrip(batch, ids);

    assertEquals(7, decoded.sequence());
    assertArrayEquals(timestamps, decoded.timestamps());
    for (int i = 0; i < 32; i++) {
      assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(decoded.values()[i]),
          "value " + i);
      assertEquals(refs[i].key().id(), decoded.series()[i].key().id(), "series " + i);
    }
  }

  @Test
  void everySampleItsOwnRunStillFitsAndRoundTrips() {
    int n = 2_000;
    SeriesRef[] series = refs("m", n);
    long[] timestamps = new long[n];
    double[] values = new double[n];
    int[] ids = new int[n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      timestamps[i] = random.nextLong(); // no two neighbours share a timestamp: worst case for the size bound
      values[i] = random.nextBoolean() ? random.nextLong() : random.nextDouble();
      ids[i] = n - 1 - i;
    }
    SeriesRef[] refs = new SeriesRef[n];
    for (int i = 0; i < n; i++) {
      refs[i] = series[ids[i]];
    }
    DecodedBatch decoded = roundTrip(batch(1, refs, timestamps, values), ids);
    assertArrayEquals(timestamps, decoded.timestamps());
    assertArrayEquals(values, decoded.values());
  }

  @Test
  void oneTimestampAndConsecutiveKeysCostTheValueAndAlmostNothingElse() {
    int n = 5_000;
    SeriesRef[] series = refs("m", n);
    int[] ids = new int[n];
    long[] timestamps = new long[n];
    double[] randomValues = new double[n];
    double[] counts = new double[n];
    Random random = new Random(1);
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      timestamps[i] = 1_700_000_000_000L;
      randomValues[i] = random.nextDouble() * 1000;
      counts[i] = random.nextInt(100_000);
    }
    BatchCodec.Encoder encoder = new BatchCodec.Encoder(dictionary);
    int doubles = encoder.encode(batch(1, series, timestamps, randomValues), ids, 5).record().remaining();
    int wholes = encoder.encode(batch(2, series, timestamps, counts), ids, 5).record().remaining();
    assertTrue(doubles < 8 * n + 200, "random doubles: " + doubles + " bytes for " + n + " samples");
    assertTrue(wholes < 3 * n + 200, "counts below 100,000: " + wholes + " bytes for " + n + " samples");
    assertEquals(n, encoder.encode(batch(3, series, timestamps, counts), ids, 5).count(),
        "every key listed once for the WAL's definitions");
  }

  @Test
  void aDamagedRecordIsAClearErrorNotAWrongBatch() {
    SeriesRef[] series = refs("m", 20);
    int[] ids = new int[20];
    long[] timestamps = new long[20];
    double[] values = new double[20];
    for (int i = 0; i < 20; i++) {
      ids[i] = i;
      timestamps[i] = 1000 + i / 5;
      values[i] = i * 1.5;
    }
    byte[] payload = payload(batch(1, series, timestamps, values), ids);
    BatchCodec.Decoder decoder = new BatchCodec.Decoder(dictionary);
    byte[] truncated = Arrays.copyOf(payload, payload.length - 30);
    assertThrows(IllegalArgumentException.class, () -> decoder.decode(1, truncated));
    byte[] oldVersion = payload.clone();
    oldVersion[0] = 2;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(1, oldVersion));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  private DecodedBatch roundTrip(DecodedBatch batch, int[] ids) {
    return new BatchCodec.Decoder(dictionary).decode(batch.sequence(), payload(batch, ids));
  }

  private byte[] payload(DecodedBatch batch, int[] ids) {
    ByteBuffer record = new BatchCodec.Encoder(dictionary).encode(batch, ids, 5).record();
    byte[] bytes = new byte[record.remaining()];
    record.get(bytes);
    return IngestRecord.decode(ByteBuffer.wrap(bytes)).payload();
  }

  private static DecodedBatch batch(long seq, SeriesRef[] refs, long[] timestamps, double[] values) {
    return new DecodedBatch(AGENT, seq, 0, refs.length, refs, timestamps, values, List.of(), List.of(), List.of());
  }

  private static SeriesRef[] refs(String metric, int n) {
    SeriesRef[] refs = new SeriesRef[n];
    for (int i = 0; i < n; i++) {
      refs[i] = ref(metric, i);
    }
    return refs;
  }

  private static SeriesRef ref(String metric, int i) {
    return new SeriesRef(SeriesKey.of(metric, Map.of("n", Integer.toString(i)), "svc", "i1", "h1"), "gauge", "");
  }
}
