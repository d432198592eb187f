package dev.faultline.collector.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What else happened on the machine and in this JVM during one measured phase, so that a phase that ran slow can be
 * told apart from one that was starved: this JVM's CPU (cores), its GC pauses and collector CPU, JIT compilation
 * time, and the whole machine's CPU split into busy, idle and steal (from {@code /proc/stat}, where it exists).
 *
 * <pre>{@code
 * PhaseProbe probe = PhaseProbe.start();
 * ... // the phase
 * PhaseProbe.Cost cost = probe.stop();
 * }</pre>
 */
final class PhaseProbe {

  private static final Path PROC_STAT = Path.of("/proc/stat");

  private final long wallNanos;
  private final long processCpuNanos;
  private final long gcCount;
  private final long gcMillis;
  private final long jitMillis;
  private final long[] machine;
  private final long[] threadTicks;
  private final java.util.Map<Long, Long> allocated;
  private final long[] userSystemTicks;

  private PhaseProbe() {
    this.userSystemTicks = processUserSystemTicks();
    this.processCpuNanos = processCpuNanos();
    this.gcCount = gcCount();
    this.gcMillis = gcMillis();
    this.jitMillis = jitMillis();
    this.machine = machineTicks(readProcStat());
    this.threadTicks = threadGroupTicks();
    this.allocated = allocatedBytesByThread();
    this.wallNanos = System.nanoTime();
  }

  static PhaseProbe start() {
    return new PhaseProbe();
  }

  /** What happened since {@link #start}. */
  Cost stop() {
    double wall = Math.max(1, System.nanoTime() - wallNanos) / 1e9;
    long[] now = machineTicks(readProcStat());
    double busy = 0;
    double steal = 0;
    if (machine != null && now != null) {
      long total = now[0] - machine[0];
      if (total > 0) {
        busy = (double) (now[1] - machine[1]) / total;
        steal = (double) (now[2] - machine[2]) / total;
      }
    }
    long[] ticks = threadGroupTicks();
    double jitCpu = 0;
    double gcCpu = 0;
    if (ticks != null && threadTicks != null) {
      jitCpu = (ticks[JIT] - threadTicks[JIT]) / (double) TICKS_PER_SECOND;
      gcCpu = (ticks[GC] - threadTicks[GC]) / (double) TICKS_PER_SECOND;
    }
    long[] userSystem = processUserSystemTicks();
    double user = 0;
    double system = 0;
    if (userSystem != null && userSystemTicks != null) {
      user = (userSystem[0] - userSystemTicks[0]) / (double) TICKS_PER_SECOND;
      system = (userSystem[1] - userSystemTicks[1]) / (double) TICKS_PER_SECOND;
    }
    return new Cost(wall, (processCpuNanos() - processCpuNanos) / 1e9, gcCount() - gcCount, gcMillis() - gcMillis,
        jitMillis() - jitMillis, jitCpu, gcCpu, busy, steal, user, system, allocatedSince(allocated));
  }

  /** Names of the in-JVM bench agents' threads ({@link InProcessAgents}), whose allocation is not the collector's. */
  static final String AGENT_THREAD_PREFIX = "bench-agents-";

  /**
   * Heap bytes each live thread of this JVM allocated so far (HotSpot's exact per-thread TLAB accounting), the bench
   * agents' threads left out; empty where the JVM cannot tell.
   */
  private static java.util.Map<Long, Long> allocatedBytesByThread() {
    java.util.Map<Long, Long> bytes = new java.util.HashMap<>();
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
      return bytes;
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!t.getName().startsWith(AGENT_THREAD_PREFIX)) {
        long n = threads.getThreadAllocatedBytes(t.getId());
        if (n >= 0) {
          bytes.put(t.getId(), n);
        }
      }
    }
    return bytes;
  }

  /** Bytes the live threads (bench agents' left out) allocated since {@code before}; a thread that ended is missed. */
  private static long allocatedSince(java.util.Map<Long, Long> before) {
    long sum = 0;
    for (java.util.Map.Entry<Long, Long> e : allocatedBytesByThread().entrySet()) {
      sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    return sum;
  }

  /**
   * The machine's CPU ticks from the first ({@code cpu}) line of {@code /proc/stat}: {total, busy (all but idle,
   * iowait and steal), steal}; null if the text has no such line.
   */
  static long[] machineTicks(String procStat) {
    if (procStat == null) {
      return null;
    }
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu ")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      long total = 0;
      long[] v = new long[f.length];
      for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
        v[i] = Long.parseLong(f[i]);
        total += v[i];
      }
      long idle = v[4] + (f.length > 5 ? v[5] : 0);
      long steal = f.length > 8 ? v[8] : 0;
      return new long[] {total, total - idle - steal, steal};
    }
    return null;
  }

  private static final int JIT = 0;
  private static final int GC = 1;
  /** Linux's USER_HZ, the unit of a task's utime and stime, on every architecture the JDK runs on. */
  static final int TICKS_PER_SECOND = 100;

  /**
   * CPU ticks (user + system) of this JVM's JIT compiler threads and of its GC threads (G1's, parallel and serial
   * collectors' workers, the VM thread that runs the pauses), from {@code /proc/self/task/N/stat}; null where there
   * is no such file. Threads that ended are missing, but these live as long as the JVM.
   */
  private static long[] threadGroupTicks() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return null;
    }
    long[] sum = new long[2];
    try (java.util.stream.Stream<Path> list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          long[] t = taskTicks(stat);
          int group = group(threadName(stat));
          if (t != null && group >= 0) {
            sum[group] += t[0];
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return sum;
  }

  /** CPU ticks (user + system) of this JVM's JIT compiler threads so far; -1 where {@code /proc} is missing. */
  static long jitTicks() {
    long[] ticks = threadGroupTicks();
    return ticks == null ? -1 : ticks[JIT];
  }

  /** The group of a thread by its (kernel-truncated, 15 character) name: {@link #JIT}, {@link #GC} or -1. */
  static int group(String name) {
    if (name == null) {
      return -1;
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return GC;
    }
    return -1;
  }

  /** The thread name of a {@code /proc/.../stat} line (between the first '(' and the last ')'). */
  static String threadName(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    return open < 0 || close < open ? null : stat.substring(open + 1, close);
  }

  /**
   * {utime, stime} of this process (all its threads) from {@code /proc/self/stat}, in ticks; null without it. User
   * time is the JVM's own work (encoding, checksums, copies); system time the kernel's on its behalf (socket and file
   * writes, fsync, page-cache work).
   */
  static long[] processUserSystemTicks() {
    try {
      Path self = Path.of("/proc/self/stat");
      return Files.isReadable(self) ? userSystemTicks(Files.readString(self)) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {utime, stime} of a {@code /proc/.../stat} line, in ticks; null if malformed. */
  static long[] userSystemTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] f = stat.substring(close + 2).trim().split("\\s+"); // f[0] is field 3 (state)
    if (f.length < 13) {
      return null;
    }
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15
  }

  /** {utime + stime} of a {@code /proc/.../stat} line, in ticks; null if malformed. */
  static long[] taskTicks(String stat) {
    long[] userSystem = userSystemTicks(stat);
    return userSystem == null ? null : new long[] {userSystem[0] + userSystem[1]};
  }

  private static String readProcStat() {
    try {
      return Files.isReadable(PROC_STAT) ? Files.readString(PROC_STAT) : null;
    } catch (IOException | RuntimeException e) {
      return null; // not Linux or not readable: the machine columns stay 0
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : collectors()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : collectors()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  private static List<GarbageCollectorMXBean> collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans();
  }

  private static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /**
   * One phase's circumstances.
   *
   * @param wallSeconds length of the phase
   * @param processCpuSeconds CPU this JVM used (all threads, GC and JIT included)
   * @param gcCount collections that ran
   * @param gcMillis their accumulated time as the JVM reports it (G1: pauses and young collections)
   * @param jitMillis time the JIT compilers spent compiling
   * @param jitCpuSeconds CPU of the JIT compiler threads (0 without {@code /proc})
   * @param gcCpuSeconds CPU of the GC threads (0 without {@code /proc})
   * @param machineBusy share of the whole machine's CPU time busy (every process), 0..1
   * @param machineSteal share of the machine's CPU time stolen by the hypervisor, 0..1
   * @param userSeconds this JVM's user-mode CPU ({@code /proc/self/stat} utime; 0 without it; 10 ms ticks)
   * @param systemSeconds this JVM's kernel-mode CPU (stime: system calls, page cache, soft interrupts charged to it)
   * @param allocatedBytes heap bytes this JVM's threads allocated, the in-JVM bench agents' threads left out
   */
  record Cost(double wallSeconds, double processCpuSeconds, long gcCount, long gcMillis, long jitMillis,
      double jitCpuSeconds, double gcCpuSeconds, double machineBusy, double machineSteal, double userSeconds,
      double systemSeconds, long allocatedBytes) {

    /** Cores this JVM used on average. */
    double processCores() {
      return processCpuSeconds / wallSeconds;
    }

    /** This JVM's CPU less its JIT compiler threads' (compilation is start-up cost, not the path's). */
    double cpuSecondsWithoutJit() {
      return Math.max(1e-9, processCpuSeconds - jitCpuSeconds);
    }

    /** A short printable summary. */
    String summary() {
      return String.format("JVM %.2f cores (user %.2f, system %.2f) of which GC %.2f, JIT %.2f; %d GCs, %d ms;"
          + " machine %.0f %% busy, steal %.1f %%", processCores(), userSeconds / wallSeconds,
          systemSeconds / wallSeconds, gcCpuSeconds / wallSeconds, jitCpuSeconds / wallSeconds, gcCount, gcMillis,
          100 * machineBusy, 100 * machineSteal);
    }
  }
}
