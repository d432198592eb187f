package dev.faultline.agent.host.oshi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * Reads raw host counters through OSHI; each {@link #get()} returns a fresh map keyed by {@link RawHostKeys}.
 *
 * <p>Only cheap, per-tick reads happen in {@code get()}: the lists of disks and network interfaces are
 * enumerated again only every {@value #REDISCOVER_MILLIS} ms (enumeration walks udev and sysfs), in between
 * their counters are refreshed in place. Constructed reflectively by the agent inside the isolated loader.
 */
public final class OshiHostSampler implements Supplier<Map<String, Double>> {

  static final long REDISCOVER_MILLIS = 5 * 60_000L;

  /** Kernel and virtual file systems: their "usage" says nothing about disk space. */
  private static final Set<String> PSEUDO_FS = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "cgroup",
      "cgroup2", "securityfs", "pstore", "debugfs", "tracefs", "configfs", "fusectl", "mqueue", "hugetlbfs", "bpf",
      "autofs", "squashfs", "nsfs", "ramfs", "efivarfs", "binfmt_misc", "rpc_pipefs", "selinuxfs", "devfs",
      "overlay.lower", "fuse.lxcfs", "iso9660");

  private final HardwareAbstractionLayer hardware;
  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final FileSystem fileSystem;
  private List<HWDiskStore> disks;
  private List<NetworkIF> interfaces;
  private long discoveredAtMillis;

  public OshiHostSampler() {
    SystemInfo info = new SystemInfo();
    hardware = info.getHardware();
    processor = hardware.getProcessor();
    memory = hardware.getMemory();
    fileSystem = info.getOperatingSystem().getFileSystem();
    discover();
  }

  @Override
  public Map<String, Double> get() {
    Map<String, Double> out = new HashMap<>();
    if (System.currentTimeMillis() - discoveredAtMillis > REDISCOVER_MILLIS) {
      discover();
    }
    readCpu(out);
    readMemory(out);
    readDisks(out);
    readFileSystems(out);
    readNetwork(out);
    return out;
  }

  private void discover() {
    disks = hardware.getDiskStores();
    interfaces = hardware.getNetworkIFs(false);
    discoveredAtMillis = System.currentTimeMillis();
  }

  private void readCpu(Map<String, Double> out) {
    long[] ticks = processor.getSystemCpuLoadTicks();
    long total = 0;
    for (long t : ticks) {
      total += t;
    }
    long idle = ticks[CentralProcessor.TickType.IDLE.getIndex()] + ticks[CentralProcessor.TickType.IOWAIT.getIndex()];
    out.put(RawHostKeys.CPU_TOTAL_TICKS, (double) total);
    out.put(RawHostKeys.CPU_BUSY_TICKS, (double) (total - idle));
    double[] load = processor.getSystemLoadAverage(3);
    out.put(RawHostKeys.LOAD1, load[0]);
    out.put(RawHostKeys.LOAD5, load[1]);
    out.put(RawHostKeys.LOAD15, load[2]);
  }

  private void readMemory(Map<String, Double> out) {
    out.put(RawHostKeys.MEMORY_TOTAL_BYTES, (double) memory.getTotal());
    out.put(RawHostKeys.MEMORY_AVAILABLE_BYTES, (double) memory.getAvailable());
    VirtualMemory vm = memory.getVirtualMemory();
    out.put(RawHostKeys.SWAP_TOTAL_BYTES, (double) vm.getSwapTotal());
    out.put(RawHostKeys.SWAP_USED_BYTES, (double) vm.getSwapUsed());
  }

  private void readDisks(Map<String, Double> out) {
    for (HWDiskStore disk : disks) {
      if (disk.updateAttributes()) {
        String device = disk.getName();
        out.put(RawHostKeys.labelled(RawHostKeys.DISK_READ_BYTES, device), (double) disk.getReadBytes());
        out.put(RawHostKeys.labelled(RawHostKeys.DISK_WRITE_BYTES, device), (double) disk.getWriteBytes());
      }
    }
  }

  private void readFileSystems(Map<String, Double> out) {
    for (OSFileStore store : fileSystem.getFileStores(true)) {
      long total = store.getTotalSpace();
      if (total <= 0 || PSEUDO_FS.contains(store.getType())) {
        continue;
      }
      String mount = store.getMount();
      out.put(RawHostKeys.labelled(RawHostKeys.FS_TOTAL_BYTES, mount), (double) total);
      out.put(RawHostKeys.labelled(RawHostKeys.FS_USED_BYTES, mount), (double) (total - store.getFreeSpace()));
    }
  }

  private void readNetwork(Map<String, Double> out) {
    for (NetworkIF nif : interfaces) {
      if (nif.updateAttributes()) {
        String name = nif.getName();
        out.put(RawHostKeys.labelled(RawHostKeys.NET_RECEIVE_BYTES, name), (double) nif.getBytesRecv());
        out.put(RawHostKeys.labelled(RawHostKeys.NET_TRANSMIT_BYTES, name), (double) nif.getBytesSent());
        out.put(RawHostKeys.labelled(RawHostKeys.NET_ERRORS, name),
            (double) (nif.getInErrors() + nif.getOutErrors()));
      }
    }
  }
}
