package dev.faultline.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.wal.IngestRecord;
import dev.faultline.collector.wal.RecordDefinitions;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.HistogramSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of an {@link IngestRecord}: one resolved batch whose samples refer to series by {@link WalDictionary}
 * key. The definitions themselves are written by the WAL once per segment ({@link RecordDefinitions}). Samples are
 * written in runs that share a timestamp (the wire batch's groups), so a sample costs its value and little else:
 * keys as spans of consecutive keys (a connection's series get consecutive keys), one timestamp per run, and
 * values either as raw doubles or, when every value of the run is a whole number, as zigzag varints (counters,
 * byte and thread counts: 1-5 bytes instead of 8).
 *
 * <pre>
 * version u8 = 3
 * agent:     agentId, service, instance, host, kind, runtimeVersion, agentVersion (strings), pid, startTime (varint)
 * dropped:   uint64                       the agent's cumulative dropped_batches
 * samples:   count n, then runs until n samples are read; per run:
 *              timestamp delta to the previous run (sint64), sample count m (uint32),
 *              key spans until m keys are read: delta of the span's first key to the previous key + 1 (sint32),
 *                span length (uint32); a span of length L stands for keys k, k+1, ..., k+L-1
 *              value mode (u8): 0 = m raw doubles (fixed64 little-endian), 1 = m whole numbers (sint64 varints)
 * histograms, edges, events: count, then each as a length-delimited protobuf message
 * </pre>
 *
 * <p>Version 2 records (segment format 2) spent a key delta and a timestamp delta on every sample (10 bytes for a
 * double, against ~8 now); version 1 records carried the definitions of their series in every record.
 */
public final class BatchCodec {

  private static final int VERSION = 3;
  /** Upper bound of one encoded sample: a run of its own (timestamp, count, one key span, mode) and its value. */
  private static final int MAX_SAMPLE_BYTES = 10 + 5 + 5 + 5 + 1 + 10;
  private static final int VALUES_RAW = 0;
  private static final int VALUES_WHOLE = 1;
  /** Largest magnitude a double holds every whole number up to: 2^53. */
  private static final double EXACT_WHOLE_LIMIT = 9007199254740992.0;

  private BatchCodec() {}

  /**
   * One encoded record: the bytes to append and the series keys it uses, whose definitions the WAL puts in front of
   * it once per segment. The bytes live in the encoder's buffer: append before the next {@link Encoder#encode}.
   */
  public static final class Encoded implements RecordDefinitions {

    private final WalDictionary dictionary;
    private final ByteBuffer record;
    private final KeySet keys;

    Encoded(WalDictionary dictionary, ByteBuffer record, KeySet keys) {
      this.dictionary = dictionary;
      this.record = record;
      this.keys = keys;
    }

    /** The record to append (a view of the encoder's buffer). */
    public ByteBuffer record() {
      return record.duplicate();
    }

    @Override
    public int count() {
      return keys.count;
    }

    @Override
    public int key(int i) {
      return keys.keys[i];
    }

    @Override
    public long definedIn() {
      return keys.definedIn;
    }

    @Override
    public void definedIn(long token) {
      keys.definedIn = token;
    }

    @Override
    public ByteBuffer encode(int[] keys, int from, int to) {
      return dictionary.definitionsRecord(keys, from, to);
    }
  }

  /**
   * The distinct keys of a connection's recurring batch, shared by every record encoded from it, with the WAL's
   * token saying they are all defined in its active segment (so the WAL checks them once per segment, not per batch).
   */
  static final class KeySet {
    final int[] keys;
    final int count;
    volatile long definedIn;

    KeySet(int[] keys, int count) {
      this.keys = keys;
      this.count = count;
    }
  }

  /**
   * Encodes one connection's batches. Caches each connection series id's dictionary key, and, for a batch with the
   * same series as the previous one (the usual case: the same refs array), the keys of every sample. Reuses one
   * buffer. Not thread-safe: owned by one connection.
   */
  public static final class Encoder {

    private final WalDictionary dictionary;
    private int[] keyById = new int[0];
    private byte[] buffer = new byte[1 << 12];
    private AgentInfo agent;
    private byte[] agentId;
    private byte[] agentBytes;
    /** The refs array of the previous batch, and the keys computed for it. */
    private SeriesRef[] lastRefs;
    private int[] sampleKeys = new int[0];
    private KeySet distinctKeys = new KeySet(new int[0], 0);
    private int epoch;

    public Encoder(WalDictionary dictionary) {
      this.dictionary = dictionary;
      this.epoch = dictionary.epoch();
    }

    /** Forgets the cached key of connection series {@code id} (call when the connection redefines it). */
    public void forget(int id) {
      if (id >= 0 && id < keyById.length) {
        keyById[id] = -1;
      }
      lastRefs = null;
    }

    /**
     * Encodes {@code batch} as a whole {@link IngestRecord}.
     *
     * @param ids sample i's series id on this connection (equal ids, same ref)
     */
    public Encoded encode(DecodedBatch batch, int[] ids, long receivedMillis) {
      int n = batch.sampleCount();
      if (dictionary.epoch() != epoch) { // a snapshot pruned the dictionary: cached keys may be gone
        epoch = dictionary.epoch();
        Arrays.fill(keyById, -1);
        lastRefs = null;
      }
      if (batch.series() != lastRefs || sampleKeys.length != n) {
        resolveKeys(batch.series(), ids, n);
      }
      if (batch.agent() != agent) {
        agent = batch.agent();
        agentId = agent.agentId().getBytes(StandardCharsets.UTF_8);
        agentBytes = agentBytes(agent);
      }
      int bound = IngestRecord.envelopeBytes(agentId.length) + agentBytes.length + 10 + 5 + MAX_SAMPLE_BYTES * n
          + messagesBound(batch.histograms()) + messagesBound(batch.edges()) + messagesBound(batch.events());
      if (buffer.length < bound) {
        buffer = new byte[Math.max(bound, buffer.length * 2)];
      }
      int offset = IngestRecord.writeEnvelope(buffer, agentId, batch.sequence(), receivedMillis);
      CodedOutputStream out = CodedOutputStream.newInstance(buffer, offset, bound - offset);
      try {
        out.writeRawBytes(agentBytes);
        out.writeUInt64NoTag(batch.droppedBatches());
        out.writeUInt32NoTag(n);
        int position = writeSamples(buffer, bound - out.spaceLeft(), n, batch.timestamps(), batch.values());
        out = CodedOutputStream.newInstance(buffer, position, bound - position);
        BatchParts.writeMessages(out, batch.histograms());
        BatchParts.writeMessages(out, batch.edges());
        BatchParts.writeMessages(out, batch.events());
      } catch (IOException e) {
        throw new UncheckedIOException(e); // sized above
      }
      return new Encoded(dictionary, ByteBuffer.wrap(buffer, 0, bound - out.spaceLeft()), distinctKeys);
    }

    /**
     * Writes the samples at {@code position} in runs of equal timestamps (see the class comment), by hand: this loop
     * runs once per sample of every logged batch, and CodedOutputStream's per-call checks made it about half of the
     * WAL's CPU cost.
     *
     * @return the position after the last sample
     */
    private int writeSamples(byte[] out, int position, int n, long[] timestamps, double[] values) {
      int[] keys = sampleKeys;
      int previousKey = -1;
      long previousTimestamp = 0;
      int p = position;
      for (int start = 0; start < n; ) {
        long timestamp = timestamps[start];
        int end = start + 1;
        while (end < n && timestamps[end] == timestamp) {
          end++;
        }
        p = writeVarint(out, p, zigZag(timestamp - previousTimestamp));
        previousTimestamp = timestamp;
        p = writeVarint(out, p, end - start);
        p = writeKeySpans(out, p, keys, start, end, previousKey);
        previousKey = keys[end - 1];
        p = writeValues(out, p, values, start, end);
        start = end;
      }
      return p;
    }

    /** Keys {@code [start, end)} as spans of consecutive keys; the first span relative to {@code previousKey}. */
    private static int writeKeySpans(byte[] out, int p, int[] keys, int start, int end, int previousKey) {
      int i = start;
      while (i < end) {
        int first = keys[i];
        int j = i + 1;
        while (j < end && keys[j] == keys[j - 1] + 1) {
          j++;
        }
        p = writeVarint(out, p, zigZag((long) first - previousKey - 1));
        p = writeVarint(out, p, j - i);
        previousKey = keys[j - 1];
        i = j;
      }
      return p;
    }

    /** Values {@code [start, end)}: whole numbers as varints when all of them are, raw doubles otherwise. */
    private static int writeValues(byte[] out, int p, double[] values, int start, int end) {
      if (allWhole(values, start, end)) {
        out[p++] = VALUES_WHOLE;
        for (int i = start; i < end; i++) {
          p = writeVarint(out, p, zigZag((long) values[i]));
        }
      } else {
        out[p++] = VALUES_RAW;
        // one bulk copy (raw bits, little-endian: a memcpy on x86) instead of a store per value
        ByteBuffer.wrap(out, p, 8 * (end - start)).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
            .put(values, start, end - start);
        p += 8 * (end - start);
      }
      return p;
    }

    /** Whether every value is a whole number a long holds exactly (not -0.0, NaN or infinite). */
    private static boolean allWhole(double[] values, int start, int end) {
      for (int i = start; i < end; i++) {
        double v = values[i];
        if (!(Math.abs(v) < EXACT_WHOLE_LIMIT) || v != Math.rint(v)
            || (v == 0 && Double.doubleToRawLongBits(v) != 0)) {
          return false;
        }
      }
      return true;
    }

    private static long zigZag(long v) {
      return (v << 1) ^ (v >> 63);
    }

    private static int writeVarint(byte[] out, int p, long v) {
      while ((v & ~0x7FL) != 0) {
        out[p++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      out[p++] = (byte) v;
      return p;
    }

    /**
     * Fills {@link #sampleKeys} and the distinct keys for a batch with a new refs array: from the per-connection
     * cache by wire id, and the series not cached yet from the dictionary in one call.
     */
    private void resolveKeys(SeriesRef[] refs, int[] ids, int n) {
      int[] keys = new int[n];
      int[] missing = null;
      SeriesRef[] missingRefs = null;
      int missingCount = 0;
      for (int i = 0; i < n; i++) {
        int id = ids[i];
        if (id >= keyById.length) {
          int old = keyById.length;
          keyById = Arrays.copyOf(keyById, Math.max(id + 1, old * 2));
          Arrays.fill(keyById, old, keyById.length, -1);
        }
        int key = keyById[id];
        if (key < 0) {
          if (missing == null) {
            missing = new int[n];
            missingRefs = new SeriesRef[n];
          }
          missing[missingCount] = i;
          missingRefs[missingCount++] = refs[i];
        }
        keys[i] = key;
      }
      if (missingCount > 0) {
        int[] found = new int[missingCount];
        dictionary.keysOf(missingRefs, missingCount, found);
        for (int m = 0; m < missingCount; m++) {
          int i = missing[m];
          keys[i] = found[m];
          keyById[ids[i]] = found[m];
        }
      }
      int[] distinct = new int[Math.min(n, 1024)];
      int count = 0;
      java.util.BitSet seen = new java.util.BitSet();
      for (int i = 0; i < n; i++) {
        int key = keys[i];
        if (!seen.get(key)) {
          seen.set(key);
          if (count == distinct.length) {
            distinct = Arrays.copyOf(distinct, count * 2);
          }
          distinct[count++] = key;
        }
      }
      sampleKeys = keys;
      distinctKeys = new KeySet(distinct, count);
      lastRefs = refs;
    }

    private static byte[] agentBytes(AgentInfo a) {
      try {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes, 256);
        out.writeUInt32NoTag(VERSION);
        BatchParts.writeAgent(out, a);
        out.flush();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
      }
    }

    private static int messagesBound(List<? extends MessageLite> messages) {
      int total = 5;
      for (MessageLite m : messages) {
        total += 5 + m.getSerializedSize();
      }
      return total;
    }
  }

  /**
   * Decodes payloads during one replay, resolving each dictionary key to a {@link SeriesRef} once, so the store's
   * per-ref cache keeps working. Not thread-safe.
   */
  public static final class Decoder {

    private final WalDictionary dictionary;
    private SeriesRef[] refsByKey = new SeriesRef[256];
    /** The last refs array per agent, handed out again for a record with the same series in order. */
    private final BatchParts.RecurringGroups groups = new BatchParts.RecurringGroups();

    public Decoder(WalDictionary dictionary) {
      this.dictionary = dictionary;
    }

    /** Drops the resolved ref of {@code key} (its definition changed). */
    public void forget(int key) {
      if (key >= 0 && key < refsByKey.length) {
        refsByKey[key] = null;
      }
      groups.clear();
    }

    /**
     * Decodes one payload written by {@link Encoder}.
     *
     * @param sequence the record's sequence (kept in the envelope, not in the payload)
     * @throws IllegalArgumentException if the payload is damaged, of an unknown version, or refers to a key
     *     without a definition
     */
    public DecodedBatch decode(long sequence, byte[] payload) {
      try {
        CodedInputStream in = CodedInputStream.newInstance(payload);
        int version = in.readUInt32();
        if (version != VERSION) {
          throw new IllegalArgumentException("unknown batch payload version " + version);
        }
        AgentInfo agent = BatchParts.readAgent(in);
        String agentId = agent.agentId();
        long dropped = in.readUInt64();
        int n = in.readUInt32();
        SeriesRef[] series = new SeriesRef[n];
        long[] timestamps = new long[n];
        double[] values = new double[n];
        readSamples(in, n, series, timestamps, values);
        series = groups.recurring(agentId, series);
        List<HistogramSample> histograms = BatchParts.readMessages(in, HistogramSample.parser());
        List<EdgeStats> edges = BatchParts.readMessages(in, EdgeStats.parser());
        List<Event> events = BatchParts.readMessages(in, Event.parser());
        return new DecodedBatch(agent, sequence, dropped, n, series, timestamps, values, histograms, edges, events);
      } catch (IOException | ArrayIndexOutOfBoundsException e) {
        throw new IllegalArgumentException("damaged batch payload of " + payload.length + " bytes: " + e.getMessage(),
            e);
      }
    }

    /** Reads the runs {@link Encoder} wrote into the three arrays. */
    private void readSamples(CodedInputStream in, int n, SeriesRef[] series, long[] timestamps, double[] values)
        throws IOException {
      int key = -1;
      long timestamp = 0;
      int i = 0;
      while (i < n) {
        timestamp += in.readSInt64();
        int m = in.readUInt32();
        if (m <= 0 || m > n - i) {
          throw new IllegalArgumentException("run of " + m + " samples with " + (n - i) + " left");
        }
        int end = i + m;
        for (int k = i; k < end; ) {
          int first = key + 1 + in.readSInt32();
          int length = in.readUInt32();
          if (length <= 0 || length > end - k) {
            throw new IllegalArgumentException("key span of " + length + " with " + (end - k) + " keys left");
          }
          for (int s = 0; s < length; s++) {
            series[k++] = ref(first + s);
          }
          key = first + length - 1;
        }
        java.util.Arrays.fill(timestamps, i, end, timestamp);
        int mode = in.readRawByte();
        if (mode == VALUES_RAW) {
          for (int k = i; k < end; k++) {
            values[k] = in.readDouble();
          }
        } else if (mode == VALUES_WHOLE) {
          for (int k = i; k < end; k++) {
            values[k] = in.readSInt64();
          }
        } else {
          throw new IllegalArgumentException("unknown value mode " + mode);
        }
        i = end;
      }
    }

    private SeriesRef ref(int key) {
      if (key < 0) {
        throw new IllegalArgumentException("negative series key " + key);
      }
      if (key >= refsByKey.length) {
        refsByKey = Arrays.copyOf(refsByKey, Math.max(key + 1, refsByKey.length * 2));
      }
      SeriesRef ref = refsByKey[key];
      if (ref == null) {
        ref = dictionary.resolve(key);
        if (ref == null) {
          throw new IllegalArgumentException("series key " + key + " has no definition in the log or the snapshot");
        }
        refsByKey[key] = ref;
      }
      return ref;
    }
  }
}
