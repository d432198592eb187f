package dev.faultline.collector.bench;

import dev.faultline.collector.bench.IngestBenchmark.Measured;
import dev.faultline.collector.bench.IngestBenchmark.Rate;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The phases of {@code bench}'s alternating rounds and their medians. Ratios are taken within each round (end to end
 * over the same round's parse-only), then their median: a round that the machine slowed as a whole moves both sides.
 */
final class Rounds {

  private final boolean withChild;
  private final List<Measured> parse = new ArrayList<>();
  private final List<Measured> here = new ArrayList<>();
  private final List<Measured> there = new ArrayList<>();
  /** End to end with the write-ahead log on (fsync always), agents in this JVM; one per round. */
  private final List<Measured> wal = new ArrayList<>();

  /** @param withChild whether each round also has an end-to-end phase with the agents in a child JVM */
  Rounds(boolean withChild) {
    this.withChild = withChild;
  }

  /** One round's phases; {@code endToEndChild} null unless {@code withChild}. */
  void add(Measured parseOnly, Measured endToEnd, Measured endToEndChild) {
    if (withChild != (endToEndChild != null)) {
      throw new IllegalArgumentException("a round has an end-to-end phase with the agents' process iff withChild");
    }
    parse.add(parseOnly);
    here.add(endToEnd);
    if (endToEndChild != null) {
      there.add(endToEndChild);
    }
  }

  /** The round's end-to-end phase with the WAL on; call once per round, after {@link #add}. */
  void addWal(Measured endToEndWal) {
    if (wal.size() != here.size() - 1) {
      throw new IllegalStateException("one WAL phase per round, after the round's other phases");
    }
    wal.add(endToEndWal);
  }

  /** Median end-to-end rate with the WAL on. */
  Rate endToEndWal() {
    return median(wal);
  }

  /** WAL / in-memory end to end (both agents in this JVM), wall, per round. */
  Spread walRatioWall() {
    return walRatios(m -> m.rate().perSecond());
  }

  /** WAL / in-memory end to end per CPU-second of this JVM (agents included, as both phases have them), per round. */
  Spread walRatioPerCpu() {
    return walRatios(m -> m.rate().perCpuSecond());
  }

  /** WAL / in-memory end to end per collector CPU-second (agents' and JIT's CPU left out), per round. */
  Spread walRatioPerCollectorCpu() {
    return walRatios(Measured::perCollectorCpuSecond);
  }

  private Spread walRatios(ToDoubleFunction<Measured> f) {
    double[] r = new double[wal.size()];
    int n = 0;
    for (int i = 0; i < wal.size(); i++) {
      double below = f.applyAsDouble(here.get(i));
      if (below > 0) {
        r[n++] = f.applyAsDouble(wal.get(i)) / below;
      }
    }
    return n == 0 ? new Spread(Double.NaN, Double.NaN, Double.NaN) : Spread.of(java.util.Arrays.copyOf(r, n));
  }

  /**
   * The WAL against in-memory end to end: medians (min-max) of both phases' user and system CPU per stored sample,
   * the WAL's bytes written per second, and the per-round ratios. Where the extra CPU goes says what limits the WAL:
   * user time (encoding, checksum, copies), system time (write, fsync, page cache), or neither (waiting for the disk:
   * the WAL phase's cores drop while its MB/s approach the disk's bandwidth).
   */
  void printWal(PrintWriter out) {
    if (wal.isEmpty()) {
      return;
    }
    out.printf("  WAL against in-memory end to end, median of %d rounds (min-max), same rounds:%n", wal.size());
    printCpuSplit(out, "in memory", here, "storage.wal: false");
    printCpuSplit(out, "WAL", wal, "storage.wal: true, storage.fsync: always (default)");
    out.printf("  %-20s %s MB/s written to the log  (%s bytes per sample)%n", "WAL bytes",
        spread(wal, m -> m.walBytesPerSecond() / 1e6).format("%.0f"),
        spread(wal, m -> m.rate().perSecond() > 0 ? m.walBytesPerSecond() / m.rate().perSecond() : 0).format("%.1f"));
    out.printf("  ratio WAL / in-memory end to end     %s wall   %s per CPU-second   %s per collector CPU-second"
        + "   (goal >= 0.5)%n", walRatioWall().format("%.2f"), walRatioPerCpu().format("%.2f"),
        walRatioPerCollectorCpu().format("%.2f"));
    out.flush();
  }

  private static void printCpuSplit(PrintWriter out, String phase, List<Measured> phases, String what) {
    out.printf("  %-20s %s samples/s  JVM %s cores: user %s + system %s ns per sample  (%s)%n", phase,
        spread(phases, m -> m.rate().perSecond()).format("%,.0f"),
        spread(phases, m -> m.cost().processCores()).format("%.2f"),
        spread(phases, Measured::userNanosPerSample).format("%.2f"),
        spread(phases, Measured::systemNanosPerSample).format("%.2f"), what);
  }

  int count() {
    return parse.size();
  }

  /** Median parse-only rate (wall and per CPU-second, each its own median). */
  Rate parseOnly() {
    return median(parse);
  }

  /** Median end-to-end rate with the agents in this JVM. */
  Rate endToEnd() {
    return median(here);
  }

  /** End to end (agents in this JVM) / parse-only, wall, per round. */
  Spread ratioWall() {
    return ratios(here, m -> m.rate().perSecond(), m -> m.rate().perSecond());
  }

  /**
   * End to end per collector CPU-second (agents in this JVM, their threads' and JIT's CPU left out) / parse-only per
   * CPU-second less JIT.
   */
  Spread ratioPerCollectorCpu() {
    return ratios(here, Measured::perCollectorCpuSecond, Measured::perCollectorCpuSecond);
  }

  /** End to end with the agents in the child JVM / parse-only, wall, per round; null without a child. */
  Spread processRatioWall() {
    return withChild ? ratios(there, m -> m.rate().perSecond(), m -> m.rate().perSecond()) : null;
  }

  /** The same per collector CPU-second (the collector's JVM alone); null without a child. */
  Spread processRatioPerCollectorCpu() {
    return withChild ? ratios(there, Measured::perCollectorCpuSecond, Measured::perCollectorCpuSecond) : null;
  }

  void printMedians(PrintWriter out, int threads, int connections, String childWhere) {
    out.printf("  median of %d rounds (min-max):%n", count());
    out.printf("  %-20s %s samples/s  %s per collector CPU-second  (decode + resolve, %d threads, %d agents)%n",
        "parse-only ceiling", spread(parse, m -> m.rate().perSecond()).format("%,.0f"),
        spread(parse, Measured::perCollectorCpuSecond).format("%,.0f"), threads, connections);
    printEndToEnd(out, "end to end", here, connections + " loopback connections, samples stored, detection off,"
        + " storage.wal: false, agents in this JVM");
    if (withChild) {
      printEndToEnd(out, "end to end", there, "the same, agents " + childWhere);
    }
    out.printf("  %-20s parse-only %s, end to end %s bytes allocated; parse-only %s, end to end %s ns collector CPU"
        + " (agents' threads and JIT left out)%n", "per sample",
        spread(parse, Measured::bytesPerSample).format("%.1f"), spread(here, Measured::bytesPerSample).format("%.1f"),
        spread(parse, Measured::collectorCpuNanosPerSample).format("%.1f"),
        spread(here, Measured::collectorCpuNanosPerSample).format("%.1f"));
    out.flush();
  }

  private void printEndToEnd(PrintWriter out, String phase, List<Measured> phases, String what) {
    out.printf("  %-20s %s samples/s  %s per collector CPU-second  agents %s cores  (%s)%n", phase,
        spread(phases, m -> m.rate().perSecond()).format("%,.0f"),
        spread(phases, Measured::perCollectorCpuSecond).format("%,.0f"),
        spread(phases, Measured::agentsCores).format("%.2f"), what);
  }

  /** The closing ratio lines (goal >= 0.5). */
  void printRatios(PrintWriter out) {
    out.printf("  ratio end-to-end / parse-only        %s wall   %s per collector CPU-second   (median of %d of %d"
        + " rounds (min-max), agents in this JVM; goal >= 0.5)%n", ratioWall().format("%.2f"),
        ratioPerCollectorCpu().format("%.2f"), ratioRounds(), count());
    if (withChild) {
      out.printf("  ratio end-to-end / parse-only        %s wall   %s per collector CPU-second   (agents' own JVM)%n",
          processRatioWall().format("%.2f"), processRatioPerCollectorCpu().format("%.2f"));
    }
  }

  /**
   * The per-round ratios of the rounds whose parse-only phase measured something (on a starved machine a phase may
   * get no CPU at all, and its ratio would be infinite); NaN if none did.
   */
  private Spread ratios(List<Measured> endToEnd, ToDoubleFunction<Measured> top, ToDoubleFunction<Measured> bottom) {
    double[] r = new double[count()];
    int n = 0;
    for (int i = 0; i < r.length; i++) {
      double below = bottom.applyAsDouble(parse.get(i));
      if (below > 0) {
        r[n++] = top.applyAsDouble(endToEnd.get(i)) / below;
      }
    }
    return n == 0 ? new Spread(Double.NaN, Double.NaN, Double.NaN) : Spread.of(java.util.Arrays.copyOf(r, n));
  }

  /** Rounds whose parse-only phase measured something (the ratios' rounds). */
  int ratioRounds() {
    return (int) parse.stream().filter(m -> m.rate().perSecond() > 0).count();
  }

  private static Rate median(List<Measured> phases) {
    return new Rate(spread(phases, m -> m.rate().perSecond()).median(),
        spread(phases, m -> m.rate().perCpuSecond()).median());
  }

  private static Spread spread(List<Measured> phases, ToDoubleFunction<Measured> f) {
    return Spread.of(phases.stream().mapToDouble(f).toArray());
  }
}
