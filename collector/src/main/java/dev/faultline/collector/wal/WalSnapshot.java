package dev.faultline.collector.wal;

/**
 * Caller state saved by {@link Wal#writeSnapshot}: it reflects every record with an LSN below {@code nextLsn}.
 * Restore it, then {@code wal.replay(snapshot.nextLsn(), handler)}.
 *
 * @param nextLsn the first LSN not covered by the state
 * @param state the caller's opaque bytes
 */
public record WalSnapshot(long nextLsn, byte[] state) {}
