package dev.faultline.collector.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line on the machine's state around a benchmark: load average, free and cached memory, I/O pressure and the
 * file system the benchmark writes to. Why: the WAL phase's rate moved 2.5x between quiet runs of the same jar; a
 * reclaimed page cache or I/O stalls from other processes then show up next to the figures.
 */
final class MachineState {

  private MachineState() {}

  /** e.g. {@code load 0.52 0.40 0.30; MemAvailable 21000 MB, Cached 900 MB; io pressure some avg10=0.00 ...}. */
  static String describe(Path dataDir) {
    StringBuilder s = new StringBuilder();
    String load = read("/proc/loadavg");
    if (load != null) {
      String[] f = load.trim().split("\\s+");
      s.append("load ").append(f[0]).append(' ').append(f[1]).append(' ').append(f[2]);
    }
    String meminfo = read("/proc/meminfo");
    if (meminfo != null) {
      s.append("; MemAvailable ").append(meminfoMegabytes(meminfo, "MemAvailable")).append(" MB, Cached ")
          .append(meminfoMegabytes(meminfo, "Cached")).append(" MB, Dirty ").append(meminfoMegabytes(meminfo, "Dirty"))
          .append(" MB");
    }
    String io = read("/proc/pressure/io");
    if (io != null) {
      s.append("; io pressure ").append(io.lines().findFirst().orElse("").trim());
    }
    try {
      FileStore store = Files.getFileStore(dataDir);
      s.append("; data dir ").append(dataDir).append(" on ").append(store.type()).append(' ').append(store.name())
          .append(String.format(", %.1f GB free", store.getUsableSpace() / 1e9));
    } catch (IOException | RuntimeException e) {
      s.append("; data dir ").append(dataDir);
    }
    return s.toString();
  }

  /** The value of {@code key} in {@code /proc/meminfo} text, in MB; -1 if absent. */
  static long meminfoMegabytes(String meminfo, String key) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith(key + ":")) {
        String[] f = line.substring(key.length() + 1).trim().split("\\s+");
        return Long.parseLong(f[0]) / 1024; // kB
      }
    }
    return -1;
  }

  private static String read(String path) {
    try {
      Path p = Path.of(path);
      return Files.isReadable(p) ? Files.readString(p) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
