package dev.faultline.collector.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.model.SeriesKey;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes the store's points block by block and reads them back the same way, so a snapshot restores at the speed of
 * array copies (a row per sample group), not one append per point. The series of a block are written with it; a
 * series in two blocks is written twice and restored once (by key).
 *
 * <pre>
 * block count, then per block:
 *   width, then per column: metric, label count, (key, value)..., service, instance, host, type, unit
 *   row count, then per row: timestamp as zigzag delta to the previous row, then width values as raw 8 bytes
 * </pre>
 *
 * The caller frames this section (magic, version; see {@code StateSnapshotCodec}).
 */
public final class StoreSnapshot {

  private StoreSnapshot() {}

  /** Writes every block of {@code store}; each block is copied under its lock, then encoded outside it. */
  public static void write(CodedOutputStream out, SeriesStore store) throws IOException {
    Set<RowBlock> blocks = Collections.newSetFromMap(new IdentityHashMap<>());
    for (MemorySeries s : store.list(k -> true)) {
      for (MemorySeries.Placement p : s.placements()) {
        blocks.add(p.block());
      }
    }
    out.writeUInt32NoTag(blocks.size());
    for (RowBlock block : blocks) {
      MemorySeries[] members = block.members();
      out.writeUInt32NoTag(members.length);
      for (MemorySeries member : members) {
        writeSeries(out, member);
      }
      RowBlock.Rows rows = block.copyRows(); // empty if the block died meanwhile: restored as an empty block
      long[] times = rows.timestamps();
      double[] values = rows.values();
      out.writeUInt32NoTag(times.length);
      long previous = 0;
      for (int r = 0, v = 0; r < times.length; r++) {
        out.writeSInt64NoTag(times[r] - previous);
        previous = times[r];
        for (int c = 0; c < members.length; c++) {
          out.writeDoubleNoTag(values[v++]);
        }
      }
    }
  }

  /**
   * Reads what {@link #write} wrote into an empty {@code store}; the store's cap and retention apply.
   *
   * @return the number of points restored
   */
  public static long read(CodedInputStream in, SeriesStore store) throws IOException {
    long points = 0;
    for (int b = in.readUInt32(); b > 0; b--) {
      in.resetSizeCounter(); // the size limit counts from here: a large store's state may exceed 2 GB in all
      int width = in.readUInt32();
      MemorySeries[] members = new MemorySeries[width];
      for (int c = 0; c < width; c++) {
        members[c] = readSeries(in, store);
      }
      int rowCount = in.readUInt32();
      RowBlock block = rowCount == 0 ? null : store.attachRestored(members);
      double[] row = new double[width];
      long time = 0;
      for (int r = 0; r < rowCount; r++) {
        time += in.readSInt64();
        for (int c = 0; c < width; c++) {
          row[c] = in.readDouble();
        }
        if (store.appendRestored(block, time, row) == RowBlock.APPENDED) {
          points += width;
        }
      }
    }
    return points;
  }

  private static void writeSeries(CodedOutputStream out, MemorySeries s) throws IOException {
    SeriesKey key = s.key();
    out.writeStringNoTag(key.metric());
    out.writeUInt32NoTag(key.labels().size());
    for (Map.Entry<String, String> label : key.labels().entrySet()) {
      out.writeStringNoTag(label.getKey());
      out.writeStringNoTag(label.getValue());
    }
    out.writeStringNoTag(key.service());
    out.writeStringNoTag(key.instance());
    out.writeStringNoTag(key.host());
    out.writeStringNoTag(s.type());
    out.writeStringNoTag(s.unit());
  }

  private static MemorySeries readSeries(CodedInputStream in, SeriesStore store) throws IOException {
    String metric = in.readString();
    Map<String, String> labels = new LinkedHashMap<>();
    for (int n = in.readUInt32(); n > 0; n--) {
      labels.put(in.readString(), in.readString());
    }
    SeriesKey key = SeriesKey.of(metric, labels, in.readString(), in.readString(), in.readString());
    return store.seriesFor(key, in.readString(), in.readString());
  }
}
