package dev.faultline.collector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * This JVM's CPU over one phase split by thread group (ingest event loops, WAL writer, WAL flusher, GC, JIT, the
 * in-JVM bench agents, the rest), user and system apart, from each thread's {@code /proc/self/task/N/stat}. Why:
 * the process's CPU per sample says that the WAL costs more, not where; a per-group split tells the loops' encoding
 * and framing from the writer's page-cache work and the flusher's fsyncs. A thread that ends during the phase is
 * missed (the collectors' threads live for the whole phase).
 *
 * <pre>{@code
 * ThreadCpuSplit split = ThreadCpuSplit.start();
 * ... // the phase
 * ThreadCpuSplit.Ticks ticks = split.stop();
 * }</pre>
 */
final class ThreadCpuSplit {

  /** The groups, in print order. */
  enum Group {
    INGEST("ingest loops"),
    WAL_WRITER("WAL writer"),
    WAL_FLUSHER("WAL flusher"),
    GC("GC"),
    JIT("JIT"),
    AGENTS("bench agents"),
    OTHER("other");

    final String label;

    Group(String label) {
      this.label = label;
    }
  }

  private static final Path TASKS = Path.of("/proc/self/task");

  /** Per thread id: {user, system} ticks at the start. */
  private final Map<String, long[]> before;

  private ThreadCpuSplit() {
    this.before = read(new HashMap<>(), null);
  }

  static ThreadCpuSplit start() {
    return new ThreadCpuSplit();
  }

  /** Ticks each group used since {@link #start}; all zero where there is no {@code /proc}. */
  Ticks stop() {
    long[][] sum = new long[Group.values().length][2];
    read(new HashMap<>(), (tid, name, ticks) -> {
      long[] start = before.getOrDefault(tid, new long[2]);
      long[] g = sum[group(name).ordinal()];
      g[0] += Math.max(0, ticks[0] - start[0]);
      g[1] += Math.max(0, ticks[1] - start[1]);
    });
    return new Ticks(sum);
  }

  /** The group of a thread by its kernel name (truncated to 15 characters). */
  static Group group(String name) {
    if (name == null) {
      return Group.OTHER;
    }
    if (name.startsWith("faultline-inges")) { // "faultline-ingest-N-M" event loops and the acceptor
      return Group.INGEST;
    }
    if (name.startsWith("faultline-wal-w")) {
      return Group.WAL_WRITER;
    }
    if (name.startsWith("faultline-wal-f")) {
      return Group.WAL_FLUSHER;
    }
    if (name.startsWith(PhaseProbe.AGENT_THREAD_PREFIX)) {
      return Group.AGENTS;
    }
    return switch (PhaseProbe.group(name)) {
      case 0 -> Group.JIT;
      case 1 -> Group.GC;
      default -> Group.OTHER;
    };
  }

  private interface TaskVisitor {
    void visit(String tid, String name, long[] userSystem);
  }

  /** Reads every thread's {user, system} ticks into {@code into} (by thread id) and hands each to {@code visitor}. */
  private static Map<String, long[]> read(Map<String, long[]> into, TaskVisitor visitor) {
    if (!Files.isDirectory(TASKS)) {
      return into;
    }
    try (java.util.stream.Stream<Path> list = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          long[] ticks = PhaseProbe.userSystemTicks(stat);
          if (ticks != null) {
            String tid = task.getFileName().toString();
            into.put(tid, ticks);
            if (visitor != null) {
              visitor.visit(tid, PhaseProbe.threadName(stat), ticks);
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      // no split on this system
    }
    return into;
  }

  /** Per group {user, system} ticks ({@link PhaseProbe#TICKS_PER_SECOND} per second). */
  record Ticks(long[][] byGroup) {

    /** User (0) or system (1) nanoseconds of {@code group} per sample of {@code samples}. */
    double nanosPerSample(Group group, int kind, double samples) {
      return samples > 0 ? byGroup[group.ordinal()][kind] * (1e9 / PhaseProbe.TICKS_PER_SECOND) / samples
          : Double.NaN;
    }
  }
}
