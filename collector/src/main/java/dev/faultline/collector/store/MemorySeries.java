package dev.faultline.collector.store;

import dev.faultline.collector.model.SeriesKey;
import java.util.Arrays;

/**
 * One series: its identity and where its points are. Points live in {@link RowBlock}s: usually one block shared with
 * the other series of the same agent that report together (a column of it), plus, for samples that arrive outside
 * such a recurring group, a block of its own. A series in several blocks (a host series fed by a JVM agent and a host
 * probe, or an agent whose set of series changed) is read as the time-ordered merge of its columns, keeping the
 * first of equal timestamps.
 *
 * <p>Thread-safety: the list of blocks is copy-on-write under this object's monitor; writers of a shared block go
 * through the block, writers of the own block hold this monitor; readers need no lock here.
 */
public final class MemorySeries {

  static final int APPENDED = RowBlock.APPENDED;
  static final int SKIPPED = RowBlock.SKIPPED;
  static final int RETIRED = RowBlock.DEAD;

  private static final Placement[] NONE = new Placement[0];

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private volatile Placement[] placements = NONE;
  private RowBlock own;
  private boolean retired;

  MemorySeries(SeriesKey key, String type, String unit) {
    this.key = key;
    this.type = type;
    this.unit = unit;
  }

  public SeriesKey key() { return key; }

  /** {@code gauge}, {@code counter}, {@code rate} or {@code unspecified}, from the first definition seen. */
  public String type() { return type; }

  public String unit() { return unit; }

  /**
   * Appends a point to this series' own block if it is newer than that block's last one, keeping at most {@code cap}
   * points there and none older than {@code timestampMillis - retentionMillis}. The slow path, for samples outside
   * a recurring group (see {@link SeriesStore}).
   *
   * @return {@link #APPENDED}, {@link #SKIPPED} when not newer than the last point, or {@link #RETIRED} when this
   *     series was removed from the store (the caller looks the key up again)
   */
  synchronized int append(long timestampMillis, double value, int cap, long retentionMillis) {
    if (retired) {
      return RETIRED;
    }
    while (true) {
      if (own == null || own.isDead()) {
        own = new RowBlock(new MemorySeries[] {this});
        placements = with(placements, new Placement(own, 0));
      }
      int result = own.append(timestampMillis, value, cap, retentionMillis);
      if (result != RowBlock.DEAD) {
        return result;
      }
    }
  }

  /** Adds column {@code column} of {@code block}; false if this series was retired meanwhile. */
  synchronized boolean attach(RowBlock block, int column) {
    if (retired) {
      return false;
    }
    placements = with(placements, new Placement(block, column));
    return true;
  }

  /** Forgets dead blocks and retires this series if none is left; returns whether it is retired. */
  synchronized boolean detachDeadAndRetireIfEmpty() {
    Placement[] current = placements;
    int alive = 0;
    for (Placement p : current) {
      if (!p.block().isDead()) {
        alive++;
      }
    }
    if (alive != current.length) {
      Placement[] kept = new Placement[alive];
      int k = 0;
      for (Placement p : current) {
        if (!p.block().isDead()) {
          kept[k++] = p;
        }
      }
      placements = kept;
    }
    if (alive == 0) {
      retired = true;
    }
    return retired;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  /** Points with {@code fromMillis <= t <= toMillis}, oldest first, as a copy. */
  public Points read(long fromMillis, long toMillis) {
    Placement[] current = placements;
    if (current.length == 1) {
      PointList out = new PointList();
      current[0].block().read(current[0].column(), fromMillis, toMillis, out);
      return out.toPoints();
    }
    return merge(current, fromMillis, toMillis);
  }

  /** Count, last timestamp and last value in one consistent read. */
  public Summary summary() {
    Placement[] current = placements;
    if (current.length == 1) {
      RowBlock b = current[0].block();
      synchronized (b) {
        int rows = b.rows();
        return rows == 0 ? new Summary(0, 0, Double.NaN)
            : new Summary(rows, b.lastTimestamp(), b.lastValue(current[0].column()));
      }
    }
    Points all = merge(current, Long.MIN_VALUE, Long.MAX_VALUE);
    int n = all.size();
    return n == 0 ? new Summary(0, 0, Double.NaN)
        : new Summary(n, all.timestamps()[n - 1], all.values()[n - 1]);
  }

  /** Bytes of the point chunks this series uses: its share of each block's (by columns), not for hot paths. */
  long arrayBytes() {
    long total = 0;
    for (Placement p : placements) {
      total += p.block().allocatedBytes() / Math.max(1, p.block().width());
    }
    return total;
  }

  Placement[] placements() {
    return placements;
  }

  private static Points merge(Placement[] placements, long fromMillis, long toMillis) {
    PointList merged = new PointList();
    for (Placement p : placements) {
      PointList part = new PointList();
      p.block().read(p.column(), fromMillis, toMillis, part);
      merged = PointList.merge(merged, part);
    }
    return merged.toPoints();
  }

  private static Placement[] with(Placement[] current, Placement added) {
    Placement[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = added;
    return next;
  }

  /** Column {@code column} of {@code block} holds points of this series. */
  record Placement(RowBlock block, int column) {}

  /** Points as parallel arrays. */
  public record Points(long[] timestamps, double[] values) {
    public int size() {
      return timestamps.length;
    }

    @Override
    public String toString() {
      return Arrays.toString(timestamps) + " " + Arrays.toString(values);
    }
  }

  /** @param lastTimestampMillis 0 and {@code lastValue} NaN when empty */
  public record Summary(int points, long lastTimestampMillis, double lastValue) {}
}
