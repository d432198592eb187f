package dev.faultline.agent.net;

import dev.faultline.agent.series.EncodedBatch;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Encoded batches that the collector has not acknowledged yet, oldest first, bounded by their total bytes.
 *
 * <p>When a new batch does not fit, the oldest batches are dropped (sent or not: the newest data is worth more
 * to a stability monitor than the oldest) and counted; the cumulative count travels in
 * {@code MetricBatch.dropped_batches}. A batch larger than the whole cap is kept alone rather than lost.
 * Confined to the network thread, except {@link #droppedTotal()} and {@link #highWaterBytes()}, which any thread
 * may read.
 */
final class BatchBuffer {

  private final long capBytes;
  private final ArrayDeque<EncodedBatch> batches = new ArrayDeque<>();
  private long bytes;
  private volatile long droppedTotal;
  private volatile long highWaterBytes;

  BatchBuffer(long capBytes) {
    this.capBytes = capBytes;
  }

  /** Appends a batch, dropping the oldest ones while over the cap; returns how many were dropped. */
  int add(EncodedBatch batch) {
    int dropped = 0;
    while (!batches.isEmpty() && bytes + batch.frame().length > capBytes) {
      bytes -= batches.removeFirst().frame().length;
      dropped++;
    }
    batches.addLast(batch);
    bytes += batch.frame().length;
    if (bytes > highWaterBytes) {
      highWaterBytes = bytes;
    }
    droppedTotal += dropped;
    return dropped;
  }

  /** Frees every batch with a sequence up to and including {@code sequence} (a cumulative ack). */
  void ackUpTo(long sequence) {
    while (!batches.isEmpty() && batches.peekFirst().sequence() <= sequence) {
      bytes -= batches.removeFirst().frame().length;
    }
  }

  /** Removes one batch that can never be sent (larger than the collector's frame limit), counting it dropped. */
  void discard(EncodedBatch batch) {
    if (batches.remove(batch)) {
      bytes -= batch.frame().length;
      droppedTotal++;
    }
  }

  /** The oldest batch with a sequence greater than {@code sequence}, or null. */
  EncodedBatch firstAfter(long sequence) {
    Iterator<EncodedBatch> it = batches.iterator();
    while (it.hasNext()) {
      EncodedBatch b = it.next();
      if (b.sequence() > sequence) {
        return b;
      }
    }
    return null;
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  int size() {
    return batches.size();
  }

  long bytes() {
    return bytes;
  }

  /** The most bytes held at once since start; safe to read from any thread. */
  long highWaterBytes() {
    return highWaterBytes;
  }

  /** Batches dropped since start; safe to read from any thread. */
  long droppedTotal() {
    return droppedTotal;
  }
}
