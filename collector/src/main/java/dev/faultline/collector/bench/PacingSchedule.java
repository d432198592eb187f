package dev.faultline.collector.bench;

/**
 * When one paced benchmark agent's batches are due, like an agent that reports on a timer rather than as fast as
 * acks allow: batch {@code k} (from 0) is due {@code k / batchesPerSecond} after the agent's start. A batch held back
 * by the agent's window of unacknowledged batches is sent as soon as the window has room, but at most {@code
 * maxBacklog} of them wait: older ones are skipped and counted, as a real agent's bounded buffer would drop them, so
 * that a collector that falls behind shows as an offered rate not met instead of a burst later. Not thread-safe:
 * one agent's event loop calls it.
 *
 * <pre>{@code
 * PacingSchedule s = new PacingSchedule(PacingSchedule.batchesPerSecond(1_000_000, 16, 600), 104);
 * int n = s.take(System.nanoTime() - start, window - inFlight); // send n batches now
 * }</pre>
 */
final class PacingSchedule {

  private final double batchesPerSecond;
  private final long maxBacklog;
  private long sent;
  private long skipped;

  /**
   * @param batchesPerSecond this agent's batch rate
   * @param maxBacklog due batches that may wait for window room; more are skipped
   */
  PacingSchedule(double batchesPerSecond, long maxBacklog) {
    if (!(batchesPerSecond > 0) || Double.isInfinite(batchesPerSecond)) {
      throw new IllegalArgumentException("batches per second must be > 0, was " + batchesPerSecond);
    }
    if (maxBacklog < 0) {
      throw new IllegalArgumentException("max backlog must be >= 0, was " + maxBacklog);
    }
    this.batchesPerSecond = batchesPerSecond;
    this.maxBacklog = maxBacklog;
  }

  double batchesPerSecond() {
    return batchesPerSecond;
  }

  /** Each agent's batch rate when {@code agents} agents of {@code samplesPerBatch} series offer {@code totalSamplesPerSecond}. */
  static double batchesPerSecond(double totalSamplesPerSecond, int agents, int samplesPerBatch) {
    return totalSamplesPerSecond / agents / samplesPerBatch;
  }

  /**
   * Batches to send now, {@code elapsedNanos} after this agent's start, when its window has {@code room} free
   * places; counts them as sent.
   */
  int take(long elapsedNanos, int room) {
    if (elapsedNanos < 0) {
      return 0;
    }
    long due = (long) Math.floor(elapsedNanos * batchesPerSecond / 1e9) + 1;
    long backlog = due - sent - skipped;
    if (backlog > maxBacklog) {
      skipped += backlog - maxBacklog;
      backlog = maxBacklog;
    }
    int now = (int) Math.max(0, Math.min(backlog, room));
    sent += now;
    return now;
  }

  /** Batches handed out by {@link #take}. */
  long sent() {
    return sent;
  }

  /** Batches that were due but skipped because more than the backlog bound waited for window room. */
  long skipped() {
    return skipped;
  }
}
