package dev.faultline.collector.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent of {@code bench --rate}: after the handshake it sends its batches on a {@link PacingSchedule} (checked
 * every {@link #tickMicros} µs on its event loop), keeping at most {@code window} unacknowledged, and cycles through
 * noisy value variants of its batch so that its series look like a healthy fleet's to the detectors. Timestamps are
 * the wall clock, strictly increasing per agent.
 */
final class RateConnection extends BenchClientHandler {

  /** Shortest pacing tick; a tick sends every batch due by then, so a batch leaves at most one tick late. */
  static final long MIN_TICK_MICROS = 1000;
  /** Longest pacing tick. */
  static final long MAX_TICK_MICROS = 10_000;

  private final List<BatchFrameTemplate> variants;
  private final PacingSchedule schedule;
  private final long startOffsetNanos;
  private final int window;
  private final long tickMicros;
  private ScheduledFuture<?> timer;
  private long start;
  private long nextSequence = 1;
  private long lastTimestamp;
  private volatile long firstSequence = 1;
  private volatile long ackedUpTo;
  private volatile long sentBatches;
  private volatile long skippedBatches;

  /** @param startOffsetNanos delay of the first batch after the handshake (spreads agents over an interval) */
  RateConnection(BenchAgent agent, List<BatchFrameTemplate> variants, PacingSchedule schedule, long startOffsetNanos,
      int window) {
    super(agent);
    this.variants = List.copyOf(variants);
    this.schedule = schedule;
    this.startOffsetNanos = startOffsetNanos;
    this.window = window;
    this.tickMicros = tickMicros(schedule.batchesPerSecond());
  }

  /**
   * A quarter of the batch interval within [{@value #MIN_TICK_MICROS}, {@value #MAX_TICK_MICROS}] µs: batches leave
   * close to their time without waking the event loop a hundred times per batch at low rates.
   */
  static long tickMicros(double batchesPerSecond) {
    long quarter = (long) (1e6 / batchesPerSecond / 4);
    return Math.max(MIN_TICK_MICROS, Math.min(MAX_TICK_MICROS, quarter));
  }

  /** Connects this agent to the ingest port at {@code address} on one of {@code clients}' loops. */
  void connect(EventLoopGroup clients, InetSocketAddress address) throws InterruptedException {
    BenchConnection.framedClient(clients, this).connect(address).sync();
  }

  @Override
  void accepted(ChannelHandlerContext ctx, long lastSequence) {
    nextSequence = lastSequence + 1;
    firstSequence = nextSequence;
    start = System.nanoTime() + startOffsetNanos;
    timer = ctx.executor().scheduleAtFixedRate(() -> sendDue(ctx), 0, tickMicros, TimeUnit.MICROSECONDS);
  }

  @Override
  void acked(ChannelHandlerContext ctx, long sequence) {
    ackedUpTo = Math.max(ackedUpTo, sequence);
  }

  private void sendDue(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      stop();
      return;
    }
    long inFlight = nextSequence - Math.max(ackedUpTo + 1, firstSequence);
    int n = schedule.take(System.nanoTime() - start, (int) Math.max(0, window - inFlight));
    skippedBatches = schedule.skipped();
    for (int i = 0; i < n; i++) {
      BatchFrameTemplate template = variants.get((int) (nextSequence % variants.size()));
      ByteBuf buf = ctx.alloc().directBuffer(template.frameBytes());
      lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
      template.writeTo(buf, nextSequence++, lastTimestamp);
      ctx.write(buf, ctx.voidPromise());
    }
    if (n > 0) {
      ctx.flush();
      sentBatches += n;
    }
  }

  /** Stops sending; acks of what was sent still arrive. */
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  void stopped() {
    stop();
  }

  /** Batches sent so far. */
  long sent() {
    return sentBatches;
  }

  /** Batches that fell too far behind the schedule (window full) and were skipped. */
  long skipped() {
    return skippedBatches;
  }
}
