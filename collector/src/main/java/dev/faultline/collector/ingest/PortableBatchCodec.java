package dev.faultline.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.HistogramSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resolved batch, self-contained, for records read outside this collector's data directory: the batch inside a
 * {@link dev.faultline.collector.cluster.BatchEnvelope}, so that any analyzer decodes the batches topic without a
 * dictionary. (The WAL's own {@code ingest.BatchCodec} refers to series by
 * a data directory's dictionary instead; a Kafka topic has no such shared state, and its retention and compaction
 * are Kafka's.) Each record carries the definitions of exactly the series it uses (metric, labels, type, unit;
 * service/instance/host come from the agent identity, written once per record), and the samples refer to them by
 * index. Timestamps are delta-coded (one byte when equal), so a sample costs about 10 bytes.
 *
 * <pre>
 * version u8 = 1
 * agent:     agentId, service, instance, host, kind, runtimeVersion, agentVersion (strings), pid, startTime (varint)
 * dropped:   uint64                       the agent's cumulative dropped_batches
 * series:    count, then per series: metric, label count, (key, value)*, type, unit
 * samples:   count, then per sample: series index (uint32), timestamp delta (sint64), value (fixed64 double)
 * histograms, edges, events: count, then each as a length-delimited protobuf message
 * </pre>
 *
 * <p>Encoding caches each series' definition bytes per connection ({@link Encoder}). Decoding interns {@link SeriesRef}s in the given {@link Decoder}, so a replay of many records resolves each
 * series once and the store's per-ref cache keeps working. Not thread-safe per {@link Decoder}.
 */
public final class PortableBatchCodec {

  private static final int VERSION = 1;

  private PortableBatchCodec() {}

  /** Encodes {@code batch} into a new array (tests and tools; the gateway uses a per-connection {@link Encoder}). */
  public static byte[] encode(DecodedBatch batch) {
    Map<SeriesRef, Integer> index = new IdentityHashMap<>();
    int[] ids = new int[batch.sampleCount()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = index.computeIfAbsent(batch.series()[i], r -> index.size());
    }
    return new Encoder().encode(batch, ids);
  }

  /** The bytes of one series definition in a record: metric, label count, labels, type, unit. */
  static byte[] definition(SeriesRef ref) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes, 256);
      SeriesKey key = ref.key();
      out.writeStringNoTag(key.metric());
      out.writeUInt32NoTag(key.labels().size());
      for (Map.Entry<String, String> l : key.labels().entrySet()) {
        out.writeStringNoTag(l.getKey());
        out.writeStringNoTag(l.getValue());
      }
      out.writeStringNoTag(ref.type());
      out.writeStringNoTag(ref.unit());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
  }

  /**
   * Encodes one connection's batches, caching each series' definition bytes by the connection's series id, so a
   * definition is built once per connection rather than once per batch. Not thread-safe: owned by one connection.
   */
  public static final class Encoder {

    private byte[][] definitions = new byte[64][];
    private int[] stamp = new int[64];
    private int[] slot = new int[64];
    private int epoch;

    /** Forgets the cached definition of {@code id} (call when the connection redefines it). */
    public void forget(int id) {
      if (id >= 0 && id < definitions.length) {
        definitions[id] = null;
      }
    }

    /**
     * Encodes {@code batch}; {@code ids[i]} is sample i's series id on this connection (equal ids, same ref).
     */
    public byte[] encode(DecodedBatch batch, int[] ids) {
      int n = batch.sampleCount();
      int maxId = 0;
      for (int i = 0; i < n; i++) {
        maxId = Math.max(maxId, ids[i]);
      }
      if (maxId >= definitions.length) {
        int size = Math.max(maxId + 1, definitions.length * 2);
        definitions = java.util.Arrays.copyOf(definitions, size);
        stamp = java.util.Arrays.copyOf(stamp, size);
        slot = java.util.Arrays.copyOf(slot, size);
      }
      if (++epoch == 0) { // wrapped: reset the marks
        java.util.Arrays.fill(stamp, 0);
        epoch = 1;
      }
      int[] used = new int[Math.min(n, 1 << 16)];
      int usedCount = 0;
      int defBytes = 0;
      SeriesRef[] refs = batch.series();
      for (int i = 0; i < n; i++) {
        int id = ids[i];
        if (stamp[id] != epoch) {
          stamp[id] = epoch;
          slot[id] = usedCount;
          if (usedCount == used.length) {
            used = java.util.Arrays.copyOf(used, used.length * 2);
          }
          used[usedCount++] = id;
          if (definitions[id] == null) {
            definitions[id] = definition(refs[i]);
          }
          defBytes += definitions[id].length;
        }
      }
      try {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128 + defBytes + 12 * n);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes, 8192);
        out.writeUInt32NoTag(VERSION);
        BatchParts.writeAgent(out, batch.agent());
        out.writeUInt64NoTag(batch.droppedBatches());
        out.writeUInt32NoTag(usedCount);
        for (int u = 0; u < usedCount; u++) {
          out.writeRawBytes(definitions[used[u]]);
        }
        out.writeUInt32NoTag(n);
        long previous = 0;
        long[] timestamps = batch.timestamps();
        double[] values = batch.values();
        for (int i = 0; i < n; i++) {
          out.writeUInt32NoTag(slot[ids[i]]);
          out.writeSInt64NoTag(timestamps[i] - previous);
          previous = timestamps[i];
          out.writeDoubleNoTag(values[i]);
        }
        BatchParts.writeMessages(out, batch.histograms());
        BatchParts.writeMessages(out, batch.edges());
        BatchParts.writeMessages(out, batch.events());
        out.flush();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
      }
    }
  }

  /** Decodes payloads, interning series refs across calls (one per replay). */
  public static final class Decoder {

    /** Refs by agent identity (service, instance, host), then by the definition's bytes in the record. */
    private final Map<String, Map<java.nio.ByteBuffer, SeriesRef>> refs = new HashMap<>();
    /** The last refs array per agent identity, handed out again for a record with the same series in order. */
    private final BatchParts.RecurringGroups groups = new BatchParts.RecurringGroups();
    /** The last definitions section per agent identity. */
    private final Map<String, Definitions> lastDefinitions = new HashMap<>();

    /**
     * Decodes one payload written by {@link #encode}.
     *
     * @param sequence the record's sequence (kept in the envelope, not in the payload)
     * @throws IllegalArgumentException if the payload is not a batch of a known version
     */
    public DecodedBatch decode(long sequence, byte[] payload) {
      try {
        CodedInputStream in = CodedInputStream.newInstance(payload);
        int version = in.readUInt32();
        if (version != VERSION) {
          throw new IllegalArgumentException("unknown batch payload version " + version);
        }
        AgentInfo agent = BatchParts.readAgent(in);
        long dropped = in.readUInt64();
        String identity = agent.service() + '\u0000' + agent.instance() + '\u0000' + agent.host();
        Map<java.nio.ByteBuffer, SeriesRef> known = refs.computeIfAbsent(identity, k -> new HashMap<>());
        int definitionCount = in.readUInt32();
        int definitionsStart = in.getTotalBytesRead();
        Definitions cached = lastDefinitions.get(identity);
        SeriesRef[] table;
        if (cached != null && cached.matches(payload, definitionsStart, definitionCount)) {
          // An agent's records repeat the same definitions: one byte comparison instead of a lookup per series.
          table = cached.table;
          in.skipRawBytes(cached.bytes.length);
        } else {
          table = readDefinitions(in, payload, definitionCount, agent, known);
          lastDefinitions.put(identity, new Definitions(
              java.util.Arrays.copyOfRange(payload, definitionsStart, in.getTotalBytesRead()), table));
        }
        int n = in.readUInt32();
        SeriesRef[] series = new SeriesRef[n];
        long[] timestamps = new long[n];
        double[] values = new double[n];
        long previous = 0;
        for (int i = 0; i < n; i++) {
          series[i] = table[in.readUInt32()];
          previous += in.readSInt64();
          timestamps[i] = previous;
          values[i] = in.readDouble();
        }
        series = groups.recurring(identity, series);
        List<HistogramSample> histograms = BatchParts.readMessages(in, HistogramSample.parser());
        List<EdgeStats> edges = BatchParts.readMessages(in, EdgeStats.parser());
        List<Event> events = BatchParts.readMessages(in, Event.parser());
        return new DecodedBatch(agent, sequence, dropped, n, series, timestamps, values, histograms, edges, events);
      } catch (IOException | ArrayIndexOutOfBoundsException e) {
        throw new IllegalArgumentException("damaged batch payload of " + payload.length + " bytes: " + e.getMessage(),
            e);
      }
    }

    private static SeriesRef[] readDefinitions(CodedInputStream in, byte[] payload, int count, AgentInfo agent,
        Map<java.nio.ByteBuffer, SeriesRef> known) throws IOException {
      SeriesRef[] table = new SeriesRef[count];
      for (int s = 0; s < table.length; s++) {
        // Skip over the definition to find its bytes; only an unseen definition is parsed into a ref, so a
        // replay builds each series key once, not once per record.
        int start = in.getTotalBytesRead();
        in.skipRawBytes(in.readRawVarint32()); // metric
        int labelCount = in.readUInt32();
        for (int l = 0; l < 2 * labelCount + 2; l++) { // label keys and values, type, unit
          in.skipRawBytes(in.readRawVarint32());
        }
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(payload, start, in.getTotalBytesRead() - start);
        SeriesRef ref = known.get(bytes);
        if (ref == null) {
          ref = parseDefinition(payload, start, in.getTotalBytesRead() - start, agent);
          known.put(java.nio.ByteBuffer.wrap(java.util.Arrays.copyOfRange(payload, start,
              in.getTotalBytesRead())), ref);
        }
        table[s] = ref;
      }
      return table;
    }

    /** The definitions section of an agent's last record, and the refs it resolved to. */
    private record Definitions(byte[] bytes, SeriesRef[] table) {
      boolean matches(byte[] payload, int offset, int count) {
        return count == table.length && payload.length - offset >= bytes.length
            && java.util.Arrays.equals(payload, offset, offset + bytes.length, bytes, 0, bytes.length);
      }
    }

    private static SeriesRef parseDefinition(byte[] payload, int offset, int length, AgentInfo agent)
        throws IOException {
      CodedInputStream in = CodedInputStream.newInstance(payload, offset, length);
      String metric = in.readString();
      int labelCount = in.readUInt32();
      Map<String, String> labels = new LinkedHashMap<>();
      for (int l = 0; l < labelCount; l++) {
        labels.put(in.readString(), in.readString());
      }
      String type = in.readString();
      String unit = in.readString();
      return new SeriesRef(SeriesKey.of(metric, labels, agent.service(), agent.instance(), agent.host()), type, unit);
    }
  }
}
