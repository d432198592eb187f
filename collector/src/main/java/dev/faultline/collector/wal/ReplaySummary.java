package dev.faultline.collector.wal;

/**
 * What a {@link Wal#replay} call read.
 *
 * @param records records handed to the handler
 * @param recordBytes their payload bytes
 * @param lastLsn LSN of the last record handed over; -1 if none
 * @param damagedSegments segments whose rest was skipped under {@link WalOptions.CorruptionPolicy#SKIP_DAMAGED}
 * @param skippedBytes bytes skipped in them
 * @param elapsedNanos wall time of the replay
 */
public record ReplaySummary(
    long records, long recordBytes, long lastLsn, int damagedSegments, long skippedBytes, long elapsedNanos) {}
