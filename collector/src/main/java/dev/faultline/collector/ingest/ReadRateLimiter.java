package dev.faultline.collector.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Per-connection read rate limit ({@code ingest.max-bytes-per-second}), a token bucket in bytes: every read
 * spends its size; when the bucket is in debt the channel stops reading until the debt is repaid, so TCP
 * back-pressure slows the sender down. Nothing is dropped and the connection stays open: agents legitimately
 * burst when they resend their buffer after an outage, and closing them would make them resend it again.
 *
 * <p>Sits first in the pipeline, and also holds back {@code read()} calls that decoders further up issue while the
 * channel is paused (they would otherwise read on despite auto-read being off).
 */
final class ReadRateLimiter extends ChannelDuplexHandler {

  private static final Logger log = Logger.getLogger(ReadRateLimiter.class.getName());
  static final String LIMIT = "ingest.max-bytes-per-second";

  private final long bytesPerSecond;
  private final long burstBytes;
  private final RejectionStats stats;
  private final LongSupplier nanoClock;
  private double tokens;
  private long lastRefillNanos;
  private boolean paused;

  /** @param burstBytes bucket size: what a connection may send at once without being slowed down */
  ReadRateLimiter(long bytesPerSecond, long burstBytes, RejectionStats stats, LongSupplier nanoClock) {
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = burstBytes;
    this.stats = stats;
    this.nanoClock = nanoClock;
    this.tokens = burstBytes;
    this.lastRefillNanos = nanoClock.getAsLong();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      refill();
      tokens -= buf.readableBytes();
      if (tokens < 0 && !paused) {
        pause(ctx);
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!paused) {
      ctx.read();
    }
  }

  private void pause(ChannelHandlerContext ctx) {
    paused = true;
    ctx.channel().config().setAutoRead(false);
    long waitNanos = (long) (-tokens * 1e9 / bytesPerSecond);
    if (stats.throttled(LIMIT, IngestHandler.peerHost(ctx))) {
      log.info(() -> "throttling the connection from " + IngestHandler.peer(ctx) + ": it sends faster than "
          + bytesPerSecond + " bytes/s (" + LIMIT + ") [logged once per peer]");
    }
    ctx.executor().schedule(() -> resume(ctx), Math.max(1, waitNanos), TimeUnit.NANOSECONDS);
  }

  private void resume(ChannelHandlerContext ctx) {
    paused = false;
    if (ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true); // also issues a read
    }
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burstBytes, tokens + (now - lastRefillNanos) * 1e-9 * bytesPerSecond);
    lastRefillNanos = now;
  }
}
