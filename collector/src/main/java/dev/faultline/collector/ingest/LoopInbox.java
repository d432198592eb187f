package dev.faultline.collector.ingest;

import io.netty.channel.ChannelHandlerContext;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands tasks from other threads (the WAL's durable callbacks, the gateway's publish callbacks) to one channel's
 * event loop: in submission order, with one hand-off and one end-of-burst action (the handler's flush) per burst rather than per task.
 *
 * <p>Why: the WAL reports a whole group commit at once, one callback per batch. Handing each over separately costs a
 * task and usually an event-loop wake-up, and writing each ack with its own flush costs a socket write each; here
 * the callbacks of a burst run in one task and their acks leave with one flush.
 *
 * <pre>
 * other thread: submit(a) submit(b) submit(c)      event loop: drain -> a, b, c, endOfBurst
 *               (only the first schedules a drain)
 * </pre>
 */
final class LoopInbox {

  private static final Logger log = Logger.getLogger(LoopInbox.class.getName());

  private final ChannelHandlerContext ctx;
  /** Runs on the loop after each burst's tasks: flushes the acks they wrote. */
  private final Runnable endOfBurst;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;

  LoopInbox(ChannelHandlerContext ctx, Runnable endOfBurst) {
    this.ctx = ctx;
    this.endOfBurst = endOfBurst;
  }

  /**
   * Runs {@code task} on the channel's event loop after the tasks submitted before it; the end of the burst then
   * runs once. After shutdown
   * (loop gone) tasks are dropped: a durable batch then stays unacknowledged and is resent.
   */
  void submit(Runnable task) {
    tasks.add(task);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        ctx.executor().execute(drain);
      } catch (RejectedExecutionException e) {
        tasks.clear();
        drainScheduled.set(false);
        log.fine(() -> "event loop stopped; durable batches stay unacknowledged and will be resent");
      }
    }
  }

  private void drain() {
    // Cleared before polling: a task added after the last poll schedules the next drain itself.
    drainScheduled.set(false);
    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
      try {
        task.run();
      } catch (RuntimeException e) { // as the event loop does for a task of its own: log, go on with the next
        log.log(Level.WARNING, "task on the event loop of " + IngestHandler.peer(ctx) + " failed", e);
      }
    }
    endOfBurst.run();
  }
}
