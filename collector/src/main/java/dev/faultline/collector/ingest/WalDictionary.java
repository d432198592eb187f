package dev.faultline.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.wal.IngestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series definitions the write-ahead log refers to: one small int key per distinct definition (service,
 * instance, host, metric, labels, type, unit), shared by every connection and stable for the life of the data
 * directory. Batch records carry only keys ({@link BatchCodec}); the WAL writes a definitions record for a key
 * once per segment, before the first record there that uses it ({@link dev.faultline.collector.wal.RecordDefinitions});
 * snapshots carry the whole dictionary, so a replay that starts after a snapshot, in the middle of a segment, still
 * knows the definitions written before it.
 *
 * <pre>
 * definitions record: kind u8 = 3, count (varint), then per definition: key (varint), length (varint), bytes
 * definition bytes:   service, instance, host, metric (strings), label count, (key, value)*, type, unit
 * </pre>
 *
 * <p>Keys are never reused with another meaning while the log can still refer to them: replay and snapshot restore
 * {@link #define} every key they see, and new keys are allocated above the highest. Each snapshot prunes the
 * dictionary ({@link #retainOnly}) to the series still in the store or defined in the active segment, so it holds
 * (and a snapshot writes) about 100-200 bytes per live series, not per series ever seen. Thread-safe.
 */
public final class WalDictionary {

  /** First byte of a definitions record; batch records start with {@link IngestRecord#VERSION}. */
  public static final byte RECORD_KIND = 3;

  private final ConcurrentHashMap<ByteBuffer, Integer> keysByDefinition = new ConcurrentHashMap<>();
  /** Definition bytes by key; guarded by {@code this}. */
  private byte[][] definitions = new byte[256][];
  private int nextKey;
  private int size;

  /**
   * Definitions dropped by the last {@link #retainOnly}: no longer found by {@link #keyOf}, but still written for an
   * encoder that picked the key before the prune; cleared by the next prune. Guarded by {@code this}.
   */
  private java.util.Map<Integer, byte[]> retired = Map.of();
  /** Incremented by every prune: encoders drop their cached keys when it changes. */
  private volatile int epoch;

  /** The key of {@code ref}'s definition, allocated on first use. */
  public int keyOf(SeriesRef ref) {
    byte[] definition = definitionBytes(ref);
    Integer key = keysByDefinition.get(ByteBuffer.wrap(definition));
    if (key != null) {
      return key;
    }
    synchronized (this) {
      key = keysByDefinition.get(ByteBuffer.wrap(definition));
      if (key == null) {
        key = nextKey;
        put(key, definition);
      }
      return key;
    }
  }

  /**
   * The keys of {@code refs[0..count)} into {@code keys}, allocating the unknown ones as one block of consecutive
   * keys (in order of first appearance), so that a connection's series get consecutive keys even while other
   * connections allocate at the same time; the batch records then store them as a few spans.
   */
  public void keysOf(SeriesRef[] refs, int count, int[] keys) {
    byte[][] definitions = new byte[count][];
    int unknown = 0;
    for (int i = 0; i < count; i++) {
      byte[] definition = definitionBytes(refs[i]);
      Integer key = keysByDefinition.get(ByteBuffer.wrap(definition));
      if (key == null) {
        definitions[i] = definition;
        unknown++;
      } else {
        keys[i] = key;
      }
    }
    if (unknown == 0) {
      return;
    }
    synchronized (this) {
      for (int i = 0; i < count; i++) {
        if (definitions[i] != null) {
          Integer key = keysByDefinition.get(ByteBuffer.wrap(definitions[i]));
          if (key == null) {
            key = nextKey;
            put(key, definitions[i]);
          }
          keys[i] = key;
        }
      }
    }
  }

  /** The key of {@code ref}'s definition if it has one, else -1; never allocates. */
  public int keyIfPresent(SeriesRef ref) {
    Integer key = keysByDefinition.get(ByteBuffer.wrap(definitionBytes(ref)));
    return key == null ? -1 : key;
  }

  /**
   * Drops every definition whose key is not in {@code keep} (snapshots: series gone from the store and from the
   * live log). A dropped series that shows up again gets a fresh key, whose definition the WAL writes before its
   * first use, as for any new series. Keys are still never reused while this dictionary lives.
   *
   * @return the number of definitions dropped
   */
  public synchronized int retainOnly(java.util.BitSet keep) {
    java.util.Map<Integer, byte[]> dropped = new java.util.HashMap<>();
    for (int key = 0; key < definitions.length; key++) {
      byte[] definition = definitions[key];
      if (definition != null && !keep.get(key)) {
        dropped.put(key, definition);
        keysByDefinition.remove(ByteBuffer.wrap(definition), key);
        definitions[key] = null;
        size--;
      }
    }
    retired = dropped;
    epoch++;
    return dropped.size();
  }

  /** Changes whenever {@link #retainOnly} ran: keys cached before then may be gone. */
  public int epoch() {
    return epoch;
  }

  /**
   * Binds {@code key} to {@code definition} (replay and snapshot restore).
   *
   * @return whether this changed the key's meaning (it had another definition)
   */
  public synchronized boolean define(int key, byte[] definition) {
    if (key < 0) {
      throw new IllegalArgumentException("negative series key " + key);
    }
    byte[] old = key < definitions.length ? definitions[key] : null;
    if (old != null && Arrays.equals(old, definition)) {
      return false;
    }
    if (old != null) {
      keysByDefinition.remove(ByteBuffer.wrap(old), key);
    }
    put(key, definition);
    return old != null;
  }

  /** The definition bytes of {@code key}, or null if unknown. */
  public synchronized byte[] definition(int key) {
    return key >= 0 && key < definitions.length ? definitions[key] : null;
  }

  /** {@link #definition}, or the definition the last prune dropped (for records encoded before it). */
  private synchronized byte[] definitionForRecord(int key) {
    byte[] definition = definition(key);
    return definition != null ? definition : retired.get(key);
  }

  /** Number of keys defined. */
  public synchronized int size() {
    return size;
  }

  private void put(int key, byte[] definition) {
    if (key >= definitions.length) {
      definitions = Arrays.copyOf(definitions, Math.max(key + 1, definitions.length * 2));
    }
    if (definitions[key] == null) {
      size++;
    }
    definitions[key] = definition;
    keysByDefinition.put(ByteBuffer.wrap(definition), key);
    nextKey = Math.max(nextKey, key + 1);
  }

  /** A definitions record for {@code keys[from..to)}, ready to append to the WAL. */
  public ByteBuffer definitionsRecord(int[] keys, int from, int to) {
    byte[][] bytes = new byte[to - from][];
    int total = 1 + 5;
    for (int i = from; i < to; i++) {
      bytes[i - from] = definitionForRecord(keys[i]);
      if (bytes[i - from] == null) {
        throw new IllegalStateException("series key " + keys[i] + " has no definition");
      }
      total += 10 + bytes[i - from].length;
    }
    byte[] out = new byte[total];
    out[0] = RECORD_KIND;
    CodedOutputStream coded = CodedOutputStream.newInstance(out, 1, total - 1);
    try {
      coded.writeUInt32NoTag(to - from);
      for (int i = from; i < to; i++) {
        coded.writeUInt32NoTag(keys[i]);
        coded.writeByteArrayNoTag(bytes[i - from]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // sized above
    }
    return ByteBuffer.wrap(out, 0, total - coded.spaceLeft());
  }

  /** Whether {@code record} (a WAL record as replay hands it over) is a definitions record. */
  public static boolean isDefinitionsRecord(ByteBuffer record) {
    return record.remaining() > 0 && record.get(record.position()) == RECORD_KIND;
  }

  /**
   * Defines every key of a definitions record.
   *
   * @param changed told about each key whose meaning changed (its resolved refs must be dropped)
   * @return the number of definitions read
   * @throws IllegalArgumentException if the record is damaged
   */
  public int readRecord(ByteBuffer record, java.util.function.IntConsumer changed) {
    try {
      ByteBuffer b = record.duplicate();
      b.get(); // kind
      CodedInputStream in = CodedInputStream.newInstance(b);
      int count = in.readUInt32();
      for (int i = 0; i < count; i++) {
        int key = in.readUInt32();
        if (define(key, in.readByteArray())) {
          changed.accept(key);
        }
      }
      return count;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("damaged definitions record of " + record.remaining() + " bytes: " + e, e);
    }
  }

  /** Writes every definition (snapshots): count, then per definition key and bytes. */
  public void writeTo(CodedOutputStream out) throws IOException {
    byte[][] copy;
    synchronized (this) {
      copy = Arrays.copyOf(definitions, nextKey);
    }
    int count = 0;
    for (byte[] d : copy) {
      count += d == null ? 0 : 1;
    }
    out.writeUInt32NoTag(count);
    for (int key = 0; key < copy.length; key++) {
      if (copy[key] != null) {
        out.writeUInt32NoTag(key);
        out.writeByteArrayNoTag(copy[key]);
      }
    }
  }

  /** Reads what {@link #writeTo} wrote, defining every key. */
  public void readFrom(CodedInputStream in) throws IOException {
    for (int n = in.readUInt32(), i = 0; i < n; i++) {
      define(in.readUInt32(), in.readByteArray());
    }
  }

  /** The definition bytes of {@code ref}: its key's identity (as the key holds it), metric, labels, type, unit. */
  static byte[] definitionBytes(SeriesRef ref) {
    SeriesKey key = ref.key();
    int size = CodedOutputStream.computeStringSizeNoTag(key.service())
        + CodedOutputStream.computeStringSizeNoTag(key.instance())
        + CodedOutputStream.computeStringSizeNoTag(key.host())
        + CodedOutputStream.computeStringSizeNoTag(key.metric())
        + CodedOutputStream.computeUInt32SizeNoTag(key.labels().size())
        + CodedOutputStream.computeStringSizeNoTag(ref.type())
        + CodedOutputStream.computeStringSizeNoTag(ref.unit());
    for (Map.Entry<String, String> l : key.labels().entrySet()) {
      size += CodedOutputStream.computeStringSizeNoTag(l.getKey())
          + CodedOutputStream.computeStringSizeNoTag(l.getValue());
    }
    byte[] out = new byte[size];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeStringNoTag(key.service());
      coded.writeStringNoTag(key.instance());
      coded.writeStringNoTag(key.host());
      coded.writeStringNoTag(key.metric());
      coded.writeUInt32NoTag(key.labels().size());
      for (Map.Entry<String, String> l : key.labels().entrySet()) {
        coded.writeStringNoTag(l.getKey());
        coded.writeStringNoTag(l.getValue());
      }
      coded.writeStringNoTag(ref.type());
      coded.writeStringNoTag(ref.unit());
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // sized above
    }
    return out;
  }

  /** A new ref for {@code key}'s definition, or null if the key is unknown. */
  SeriesRef resolve(int key) {
    byte[] definition = definition(key);
    if (definition == null) {
      return null;
    }
    try {
      CodedInputStream in = CodedInputStream.newInstance(definition);
      String service = in.readString();
      String instance = in.readString();
      String host = in.readString();
      String metric = in.readString();
      int labelCount = in.readUInt32();
      Map<String, String> labels = new LinkedHashMap<>();
      for (int l = 0; l < labelCount; l++) {
        labels.put(in.readString(), in.readString());
      }
      return new SeriesRef(SeriesKey.of(metric, labels, service, instance, host), in.readString(), in.readString());
    } catch (IOException e) {
      throw new IllegalArgumentException("damaged definition of series key " + key + ": " + e.getMessage(), e);
    }
  }
}
