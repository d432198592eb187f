package dev.faultline.collector.wal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a snapshot's state into the stream {@link Wal#writeSnapshot(long, SnapshotBody)} opens on the snapshot
 * file, so that a state of any size goes to disk without first being held in memory as one array.
 */
@FunctionalInterface
public interface SnapshotBody {

  /** Writes the state; the stream is buffered, checksummed and counted by the caller, and must not be closed. */
  void writeTo(OutputStream out) throws IOException;
}
