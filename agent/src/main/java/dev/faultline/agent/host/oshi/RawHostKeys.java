package dev.faultline.agent.host.oshi;

/**
 * Keys of the raw host reading the adapter returns. A labelled key is {@code name + SEPARATOR + labelValue},
 * for example {@code "disk_read_bytes#/dev/sda"}; names never contain the separator, label values may.
 * Counters ({@code *_ticks}, {@code disk_*}, {@code net_*}) are totals since boot; the agent turns them into
 * ratios and rates. All values are compile-time constants, so the agent side shares them without linking.
 */
public final class RawHostKeys {

  public static final char SEPARATOR = '#';

  public static final String CPU_BUSY_TICKS = "cpu_busy_ticks";
  public static final String CPU_TOTAL_TICKS = "cpu_total_ticks";
  public static final String LOAD1 = "load1";
  public static final String LOAD5 = "load5";
  public static final String LOAD15 = "load15";
  public static final String MEMORY_TOTAL_BYTES = "memory_total_bytes";
  public static final String MEMORY_AVAILABLE_BYTES = "memory_available_bytes";
  public static final String SWAP_TOTAL_BYTES = "swap_total_bytes";
  public static final String SWAP_USED_BYTES = "swap_used_bytes";
  /** Labelled by device. */
  public static final String DISK_READ_BYTES = "disk_read_bytes";
  /** Labelled by device. */
  public static final String DISK_WRITE_BYTES = "disk_write_bytes";
  /** Labelled by mount point. */
  public static final String FS_USED_BYTES = "fs_used_bytes";
  /** Labelled by mount point. */
  public static final String FS_TOTAL_BYTES = "fs_total_bytes";
  /** Labelled by interface. */
  public static final String NET_RECEIVE_BYTES = "net_receive_bytes";
  /** Labelled by interface. */
  public static final String NET_TRANSMIT_BYTES = "net_transmit_bytes";
  /** Receive plus transmit errors, labelled by interface. */
  public static final String NET_ERRORS = "net_errors";

  private RawHostKeys() {}

  public static String labelled(String name, String labelValue) {
    return name + SEPARATOR + labelValue;
  }
}
