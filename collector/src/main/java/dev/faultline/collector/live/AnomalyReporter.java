package dev.faultline.collector.live;

import dev.faultline.collector.model.SeriesKey;

/**
 * Turns the alert transitions of one series or entity into {@link AnomalyListener} calls: an anomaly opens when
 * the alert opens, records its peak score while open, and closes when the alert closes.
 *
 * <p>While {@link #silence silenced} (the warm-up after a restart) transitions are tracked but not reported;
 * {@link #speak} then reports an alert still open, with the time it opened, so an anomaly that was open before a
 * restart continues instead of being lost or re-raised late. Not thread-safe: used by the owning worker only.
 */
final class AnomalyReporter {

  private final SeriesKey key;
  private boolean silent;
  private boolean open;
  private long anomalyId;
  private long openedAtMillis;
  private double peak;
  private long lastMillis;

  AnomalyReporter(SeriesKey key) {
    this.key = key;
  }

  /** One scored point: {@code justOpened} and {@code isOpen} are the alert tracker's state after it. */
  void onPoint(long timeMillis, double rawScore, boolean justOpened, boolean isOpen, AnomalyListener listener) {
    lastMillis = Math.max(lastMillis, timeMillis);
    if (justOpened) {
      closeOpen(listener); // cannot happen with a well-behaved tracker; keeps ids balanced if it does
      open = true;
      openedAtMillis = timeMillis;
      peak = rawScore;
      if (!silent) {
        anomalyId = listener.opened(key, timeMillis, rawScore);
      }
    } else if (isOpen) {
      peak = Math.max(peak, rawScore);
    } else if (open) {
      open = false;
      if (anomalyId != 0) {
        listener.closed(anomalyId, timeMillis, peak);
        anomalyId = 0;
      }
    }
  }

  /** The last point's time (read ahead of scoring, see {@link SeriesState#touch}). */
  long lastMillis() {
    return lastMillis;
  }

  void silence() {
    silent = true;
  }

  /** Ends the silence; an alert open now is reported as opened when it opened. */
  void speak(AnomalyListener listener) {
    if (!silent) {
      return;
    }
    silent = false;
    if (open && anomalyId == 0) {
      anomalyId = listener.opened(key, openedAtMillis, peak);
    }
  }

  /** Closes a reported open anomaly at the last point's time (the state is being dropped). */
  void closeOpen(AnomalyListener listener) {
    if (anomalyId != 0) {
      listener.closed(anomalyId, lastMillis, peak);
      anomalyId = 0;
    }
    open = false;
  }

  /** Bytes {@link #writeTo} writes. */
  static final int CHECKPOINT_BYTES = 1 + 8 + 8 + 8;

  /** The alert's state for a checkpoint (the id is not kept: it is a function of series and opening time). */
  void writeTo(java.nio.ByteBuffer out) {
    out.put((byte) (open ? 1 : 0));
    out.putLong(openedAtMillis);
    out.putDouble(peak);
    out.putLong(lastMillis);
  }

  /** Restores {@link #writeTo}'s state into a silenced reporter: {@link #speak} then reports an open alert. */
  void restore(java.nio.ByteBuffer in) {
    boolean wasOpen = in.get() != 0;
    long opened = in.getLong();
    double peakScore = in.getDouble();
    long last = in.getLong();
    open = wasOpen;
    openedAtMillis = opened;
    peak = peakScore;
    lastMillis = last;
    anomalyId = 0;
  }

  SeriesKey key() {
    return key;
  }
}
