package dev.faultline.collector.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.SeriesDefinitions;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one {@code ClientFrame} payload into a {@link Hello}, {@link SeriesDefinitions}, {@link WireBatch} or
 * {@link Goodbye}.
 *
 * <p>Why a hand-written batch reader: the generated {@code MetricBatch} parser builds a message per sample group and
 * boxes nothing, but it still copies every packed array twice (into the message, then into our arrays). Reading the
 * packed {@code series_ids} and {@code values} straight from the frame's own buffers ({@link FrameInput}: no copy of
 * the frame, packed doubles in one bulk copy) puts each sample into its final array once, without an object per
 * sample. Hello, definitions, edges, events and histograms are rare or small: their bytes are copied out for the
 * generated parsers. Unknown fields (and known ones of an unexpected wire type) are skipped, as protobuf does.
 *
 * <p>{@link #parse(ByteBuf)} is stateless and thread-safe and allocates a batch's arrays afresh. The ingest pipeline
 * and the parse-only benchmark use an instance per connection instead ({@link #ClientFrameParser(boolean)},
 * {@link #read}), which keeps the arrays of the last batch and parses the next batch into them: the series ids always
 * (they are consumed before the next frame is read: resolved, or encoded for the WAL or Kafka), the timestamps and
 * values only when the batch's consumer copies them (the store) rather than keeping the arrays (a WAL append in
 * flight, a detection queue). A 5,000-sample batch otherwise allocates ~110 KB of arrays, which on the end-to-end
 * path was most of the collector's allocation and so of its GC CPU.
 */
public final class ClientFrameParser {

  // Field numbers of faultline/v1/agent.proto.
  private static final int FRAME_HELLO = 1;
  private static final int FRAME_DEFINITIONS = 2;
  private static final int FRAME_BATCH = 3;
  private static final int FRAME_GOODBYE = 4;
  private static final int BATCH_SEQUENCE = 1;
  private static final int BATCH_GROUPS = 2;
  private static final int BATCH_EDGES = 3;
  private static final int BATCH_EVENTS = 4;
  private static final int BATCH_HISTOGRAMS = 5;
  private static final int BATCH_DROPPED = 6;
  private static final int GROUP_TIMESTAMP = 1;
  private static final int GROUP_SERIES_IDS = 2;
  private static final int GROUP_VALUES = 3;

  /**
   * Diagnostics switch for side-by-side runs of {@code bench}: {@code -Dfaultline.ingest.reuse-arrays=false} makes
   * connection parsers allocate every batch's arrays afresh, as {@link #parse(ByteBuf)} does.
   */
  static final boolean REUSE_ARRAYS = !"false".equals(System.getProperty("faultline.ingest.reuse-arrays"));

  /** The last batch's arrays, parsed into again by the next batch of this connection. */
  private final Samples reused;
  private final boolean reuseSamples;

  /**
   * A parser for one connection (not thread-safe). A batch's series ids array is only valid until the next
   * {@link #read}; so are its timestamps and values with {@code reuseSamples}.
   *
   * @param reuseSamples whether the timestamps and values arrays may be reused too (the consumer copies them)
   */
  public ClientFrameParser(boolean reuseSamples) {
    this.reused = new Samples(0);
    this.reuseSamples = reuseSamples;
  }

  /**
   * Parses the readable bytes of {@code frame} (not consumed; the caller releases the buffer) into fresh arrays.
   *
   * @throws FrameRejectedException (MALFORMED) when the bytes are not a valid ClientFrame with one kind set
   */
  public static Object parse(ByteBuf frame) {
    return parse(frame, null, false);
  }

  /**
   * As {@link #parse(ByteBuf)}, into this connection's arrays (see {@link #ClientFrameParser(boolean)}).
   *
   * @throws FrameRejectedException (MALFORMED) when the bytes are not a valid ClientFrame with one kind set
   */
  public Object read(ByteBuf frame) {
    return REUSE_ARRAYS ? parse(frame, reused, reuseSamples) : parse(frame, null, false);
  }

  private static Object parse(ByteBuf frame, Samples reused, boolean reuseSamples) {
    try {
      // Read in place, from the socket read(s) the frame lies in: no copy of the frame (FrameInput).
      return parse(new FrameInput(frame), reused, reuseSamples);
    } catch (InvalidProtocolBufferException e) {
      throw FrameRejectedException.malformed("malformed frame: " + e.getMessage());
    }
  }

  private static Object parse(FrameInput in, Samples reused, boolean reuseSamples)
      throws InvalidProtocolBufferException {
    Object result = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      if (field >= FRAME_HELLO && field <= FRAME_GOODBYE && (tag & 7) == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        result = switch (field) {
          case FRAME_HELLO -> Hello.parseFrom(in.readBytes(in.readVarint32()));
          case FRAME_DEFINITIONS -> SeriesDefinitions.parseFrom(in.readBytes(in.readVarint32()));
          case FRAME_BATCH -> readBatch(in, reused, reuseSamples);
          default -> Goodbye.parseFrom(in.readBytes(in.readVarint32()));
        };
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    if (result == null) {
      throw FrameRejectedException.malformed("malformed frame: no hello, definitions, batch or goodbye in it");
    }
    return result;
  }

  private static WireBatch readBatch(FrameInput in, Samples reused, boolean reuseSamples)
      throws InvalidProtocolBufferException {
    int oldLimit = in.pushLimit(in.readVarint32());
    // >= 9 bytes per sample on the wire (a one-byte id, a double): sized from the length, a batch never grows
    Samples samples = Samples.forBatch(in.bytesUntilLimit() / 9 + 1, reused, reuseSamples);
    long sequence = 0;
    long dropped = 0;
    List<HistogramSample> histograms = List.of();
    List<EdgeStats> edges = List.of();
    List<Event> events = List.of();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      int wireType = tag & 7;
      if (field == BATCH_SEQUENCE && wireType == FrameInput.WIRETYPE_VARINT) {
        sequence = in.readVarint64();
      } else if (field == BATCH_GROUPS && wireType == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        readGroup(in, samples);
      } else if (field == BATCH_EDGES && wireType == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        edges = append(edges, EdgeStats.parseFrom(in.readBytes(in.readVarint32())));
      } else if (field == BATCH_EVENTS && wireType == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        events = append(events, Event.parseFrom(in.readBytes(in.readVarint32())));
      } else if (field == BATCH_HISTOGRAMS && wireType == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        histograms = append(histograms, HistogramSample.parseFrom(in.readBytes(in.readVarint32())));
      } else if (field == BATCH_DROPPED && wireType == FrameInput.WIRETYPE_VARINT) {
        dropped = in.readVarint64();
      } else if (!in.skipField(tag)) {
        throw FrameRejectedException.malformed("malformed frame: an end-group tag without its group");
      }
    }
    in.popLimit(oldLimit);
    if (reused != null) {
      reused.keep(samples, reuseSamples);
    }
    return new WireBatch(sequence, dropped, samples.count, samples.ids, samples.timestamps, samples.values,
        histograms, edges, events);
  }

  private static void readGroup(FrameInput in, Samples samples) {
    int oldLimit = in.pushLimit(in.readVarint32());
    int start = samples.count;
    int idCount = 0;
    int valueCount = 0;
    long timestamp = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      int wireType = tag & 7;
      if (field == GROUP_TIMESTAMP && wireType == FrameInput.WIRETYPE_VARINT) {
        timestamp = in.readVarint64();
      } else if (field == GROUP_SERIES_IDS && wireType == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readVarint32());
        int[] ids = samples.ids;
        while (in.bytesUntilLimit() > 0) {
          int i = start + idCount++;
          if (i >= ids.length) {
            samples.ensure(i + 1);
            ids = samples.ids;
          }
          ids[i] = in.readVarint32();
        }
        in.popLimit(limit);
      } else if (field == GROUP_SERIES_IDS && wireType == FrameInput.WIRETYPE_VARINT) {
        samples.id(start + idCount++, in.readVarint32()); // unpacked encoding is legal too
      } else if (field == GROUP_VALUES && wireType == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        int length = in.readVarint32();
        if (length % 8 != 0 || length < 0) {
          throw FrameRejectedException.malformed("malformed frame: packed values of " + length + " bytes");
        }
        int limit = in.pushLimit(length); // fails before sizing the arrays if the bytes are not there
        int n = length / 8;
        samples.ensure(start + valueCount + n);
        in.readDoubles(samples.values, start + valueCount, n);
        valueCount += n;
        in.popLimit(limit);
      } else if (field == GROUP_VALUES && wireType == FrameInput.WIRETYPE_FIXED64) {
        samples.value(start + valueCount++, Double.longBitsToDouble(in.readFixed64()));
      } else if (!in.skipField(tag)) {
        throw FrameRejectedException.malformed("malformed frame: an end-group tag without its group");
      }
    }
    in.popLimit(oldLimit);
    if (idCount != valueCount) {
      throw FrameRejectedException.malformed(
          "malformed frame: a sample group has " + idCount + " series ids but " + valueCount + " values");
    }
    samples.count = start + idCount;
    Arrays.fill(samples.timestamps, start, samples.count, timestamp);
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> result = list.isEmpty() ? new ArrayList<>() : list;
    result.add(item);
    return result;
  }

  /** Growable parallel arrays; sized from the batch length so a typical batch never grows. */
  private static final class Samples {
    private static final int[] NO_IDS = new int[0];
    private static final long[] NO_TIMESTAMPS = new long[0];
    private static final double[] NO_VALUES = new double[0];

    int count;
    int[] ids;
    long[] timestamps;
    double[] values;

    Samples(int capacity) {
      ids = capacity == 0 ? NO_IDS : new int[capacity];
      timestamps = capacity == 0 ? NO_TIMESTAMPS : new long[capacity];
      values = capacity == 0 ? NO_VALUES : new double[capacity];
    }

    private Samples(int[] ids, long[] timestamps, double[] values) {
      this.ids = ids;
      this.timestamps = timestamps;
      this.values = values;
    }

    /**
     * Arrays for a batch of about {@code capacity} samples: the kept ones of {@code reused} where they may be reused
     * and are large enough, else fresh ones (no zeroing needed: every index below the count is written).
     */
    static Samples forBatch(int capacity, Samples reused, boolean reuseSamples) {
      if (reused == null) {
        return new Samples(capacity);
      }
      int[] ids = reused.ids.length >= capacity ? reused.ids : new int[capacity];
      boolean keep = reuseSamples && reused.values.length >= capacity;
      return new Samples(ids, keep ? reused.timestamps : new long[capacity],
          keep ? reused.values : new double[capacity]);
    }

    /** Keeps {@code batch}'s arrays for the next batch (its timestamps and values only if they may be reused). */
    void keep(Samples batch, boolean reuseSamples) {
      ids = batch.ids;
      if (reuseSamples) {
        timestamps = batch.timestamps;
        values = batch.values;
      }
    }

    void id(int index, int id) {
      ensure(index + 1);
      ids[index] = id;
    }

    void value(int index, double value) {
      ensure(index + 1);
      values[index] = value;
    }

    /** Makes room for indexes below {@code size}. */
    void ensure(int size) {
      if (size > ids.length) {
        int n = Math.max(size, ids.length * 2);
        ids = Arrays.copyOf(ids, n);
        timestamps = Arrays.copyOf(timestamps, n);
        values = Arrays.copyOf(values, n);
      }
    }
  }
}
