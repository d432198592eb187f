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
 * <p>Stateless and thread-safe; the ingest pipeline and the parse-only benchmark share it.
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

  private ClientFrameParser() {}

  /**
   * Parses the readable bytes of {@code frame} (not consumed; the caller releases the buffer).
   *
   * @throws FrameRejectedException (MALFORMED) when the bytes are not a valid ClientFrame with one kind set
   */
  public static Object parse(ByteBuf frame) {
    try {
      // Read in place, from the socket read(s) the frame lies in: no copy of the frame (FrameInput).
      return parse(new FrameInput(frame));
    } catch (InvalidProtocolBufferException e) {
      throw FrameRejectedException.malformed("malformed frame: " + e.getMessage());
    }
  }

  private static Object parse(FrameInput in) throws InvalidProtocolBufferException {
    Object result = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      if (field >= FRAME_HELLO && field <= FRAME_GOODBYE && (tag & 7) == FrameInput.WIRETYPE_LENGTH_DELIMITED) {
        result = switch (field) {
          case FRAME_HELLO -> Hello.parseFrom(in.readBytes(in.readVarint32()));
          case FRAME_DEFINITIONS -> SeriesDefinitions.parseFrom(in.readBytes(in.readVarint32()));
          case FRAME_BATCH -> readBatch(in);
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

  private static WireBatch readBatch(FrameInput in) throws InvalidProtocolBufferException {
    int oldLimit = in.pushLimit(in.readVarint32());
    Samples samples = new Samples(in.bytesUntilLimit() / 9 + 1);
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
    int count;
    int[] ids;
    long[] timestamps;
    double[] values;

    Samples(int capacity) {
      ids = new int[capacity];
      timestamps = new long[capacity];
      values = new double[capacity];
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
