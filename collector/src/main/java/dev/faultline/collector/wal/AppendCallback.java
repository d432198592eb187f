package dev.faultline.collector.wal;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Told when an appended record is durable, or that it never will be. Called on the WAL's flusher thread (or on its
 * writer thread, after the write, under {@link FsyncPolicy#never()} and when a write fails), in LSN order, never on
 * the appending thread: keep it short and non-blocking, e.g. hand the Netty ack to the channel's event loop.
 */
public interface AppendCallback {

  /** The record at {@code lsn} (and every record before it) survives a crash or power cut. */
  void onDurable(long lsn);

  /**
   * The record at {@code lsn} was written but the fsync failed; it is not acknowledged and may be gone from disk.
   * {@code error} is a {@link WalUnavailableException}. The agent should resend the batch later.
   */
  void onFailure(long lsn, WalUnavailableException error);

  /**
   * A callback from two lambdas, e.g. {@code AppendCallback.of(lsn -> sendAck(seq), e -> sendUnavailable(seq))}.
   */
  static AppendCallback of(LongConsumer onDurable, Consumer<WalUnavailableException> onFailure) {
    Objects.requireNonNull(onDurable, "onDurable");
    Objects.requireNonNull(onFailure, "onFailure");
    return new AppendCallback() {
      @Override
      public void onDurable(long lsn) {
        onDurable.accept(lsn);
      }

      @Override
      public void onFailure(long lsn, WalUnavailableException error) {
        onFailure.accept(error);
      }
    };
  }
}
