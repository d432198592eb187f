package dev.faultline.collector.wal;

/**
 * A point-in-time view of the WAL for the query port and {@code /metrics}.
 *
 * @param state whether appends are accepted
 * @param refusingReason why appends are refused; empty unless {@code state} is {@link WalState#REFUSING}
 * @param bytesWritten record bytes (framing included) appended since open
 * @param recordsWritten records appended since open
 * @param appendsRefused appends failed fast with {@link WalUnavailableException} since open
 * @param segments segment files on disk, the active one included
 * @param diskBytes total size of those files
 * @param endLsn LSN the next record will get
 * @param durableLsn every record below this LSN is fsynced
 * @param fsyncs fsync calls since open
 * @param fsyncMeanMicros mean fsync latency
 * @param fsyncMaxMicros worst fsync latency
 * @param lastFsyncMicros latency of the latest fsync
 * @param lastFsyncEpochMillis wall time of the latest fsync; 0 if none yet
 */
public record WalStats(
    WalState state,
    String refusingReason,
    long bytesWritten,
    long recordsWritten,
    long appendsRefused,
    int segments,
    long diskBytes,
    long endLsn,
    long durableLsn,
    long fsyncs,
    long fsyncMeanMicros,
    long fsyncMaxMicros,
    long lastFsyncMicros,
    long lastFsyncEpochMillis) {}
