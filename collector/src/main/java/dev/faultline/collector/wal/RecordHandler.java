package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Receives records during {@link Wal#replay}. */
@FunctionalInterface
public interface RecordHandler {

  /**
   * Called once per record, in LSN order.
   *
   * @param lsn the record's log sequence number (its byte position in the log; strictly increasing)
   * @param record the record's bytes, read-only and valid only during this call: copy what you keep
   */
  void accept(long lsn, ByteBuffer record) throws IOException;
}
