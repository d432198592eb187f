package dev.faultline.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.SeriesDefinitions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one {@code ClientFrame} payload into a {@link Hello}, {@link SeriesDefinitions}, {@link WireBatch} or
 * {@link Goodbye}.
 *
 * <p>Why a hand-written batch reader: the generated {@code MetricBatch} parser builds a message per sample group and
 * boxes nothing, but it still copies every packed array twice (into the message, then into our arrays). Reading the
 * packed {@code series_ids} and {@code values} straight from a {@link CodedInputStream} over the frame's NIO buffer
 * puts each sample into its final array once, without an object per sample. Hello, definitions, edges, events and
 * histograms are rare or small and use the generated parsers. Unknown fields are skipped, as protobuf requires.
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

  private static final ExtensionRegistryLite NO_EXTENSIONS = ExtensionRegistryLite.getEmptyRegistry();

  private ClientFrameParser() {}

  /**
   * Parses the readable bytes of {@code frame} (not consumed; the caller releases the buffer).
   *
   * @throws FrameRejectedException (MALFORMED) when the bytes are not a valid ClientFrame with one kind set
   */
  public static Object parse(ByteBuf frame) {
    try {
      // A frame inside one socket read is one contiguous slice of it; a frame spanning reads is a composite of them
      // (FrameCumulator) and is copied here, once. (protobuf itself copies a direct buffer into an array.)
      CodedInputStream in = frame.nioBufferCount() == 1
          ? CodedInputStream.newInstance(frame.nioBuffer())
          : CodedInputStream.newInstance(ByteBufUtil.getBytes(frame));
      return parse(in);
    } catch (InvalidProtocolBufferException e) {
      throw FrameRejectedException.malformed("malformed frame: " + e.getMessage());
    } catch (IOException e) {
      throw FrameRejectedException.malformed("malformed frame: " + e.getMessage());
    }
  }

  private static Object parse(CodedInputStream in) throws IOException {
    Object result = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field >= FRAME_HELLO && field <= FRAME_GOODBYE && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        result = switch (field) {
          case FRAME_HELLO -> in.readMessage(Hello.parser(), NO_EXTENSIONS);
          case FRAME_DEFINITIONS -> in.readMessage(SeriesDefinitions.parser(), NO_EXTENSIONS);
          case FRAME_BATCH -> readBatch(in);
          default -> in.readMessage(Goodbye.parser(), NO_EXTENSIONS);
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

  private static WireBatch readBatch(CodedInputStream in) throws IOException {
    int oldLimit = in.pushLimit(in.readRawVarint32());
    Samples samples = new Samples(in.getBytesUntilLimit() / 9 + 1);
    long sequence = 0;
    long dropped = 0;
    List<HistogramSample> histograms = List.of();
    List<EdgeStats> edges = List.of();
    List<Event> events = List.of();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case BATCH_SEQUENCE -> sequence = in.readUInt64();
        case BATCH_GROUPS -> readGroup(in, samples);
        case BATCH_EDGES -> edges = append(edges, in.readMessage(EdgeStats.parser(), NO_EXTENSIONS));
        case BATCH_EVENTS -> events = append(events, in.readMessage(Event.parser(), NO_EXTENSIONS));
        case BATCH_HISTOGRAMS -> histograms = append(histograms, in.readMessage(HistogramSample.parser(), NO_EXTENSIONS));
        case BATCH_DROPPED -> dropped = in.readUInt64();
        default -> in.skipField(tag);
      }
    }
    in.popLimit(oldLimit);
    return new WireBatch(sequence, dropped, samples.count, samples.ids, samples.timestamps, samples.values,
        histograms, edges, events);
  }

  private static void readGroup(CodedInputStream in, Samples samples) throws IOException {
    int oldLimit = in.pushLimit(in.readRawVarint32());
    int start = samples.count;
    int idCount = 0;
    int valueCount = 0;
    long timestamp = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == GROUP_TIMESTAMP) {
        timestamp = in.readInt64();
      } else if (field == GROUP_SERIES_IDS && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        int[] ids = samples.ids;
        while (in.getBytesUntilLimit() > 0) {
          int i = start + idCount++;
          if (i >= ids.length) {
            samples.ensure(i + 1);
            ids = samples.ids;
          }
          ids[i] = in.readUInt32();
        }
        in.popLimit(limit);
      } else if (field == GROUP_SERIES_IDS && wireType == WireFormat.WIRETYPE_VARINT) {
        samples.id(start + idCount++, in.readUInt32()); // unpacked encoding is legal too
      } else if (field == GROUP_VALUES && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int length = in.readRawVarint32();
        if (length % 8 != 0) {
          throw FrameRejectedException.malformed("malformed frame: packed values of " + length + " bytes");
        }
        int n = length / 8;
        samples.ensure(start + valueCount + n);
        double[] values = samples.values;
        for (int k = 0; k < n; k++) {
          values[start + valueCount++] = in.readDouble();
        }
      } else if (field == GROUP_VALUES && wireType == WireFormat.WIRETYPE_FIXED64) {
        samples.value(start + valueCount++, in.readDouble());
      } else {
        in.skipField(tag);
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
