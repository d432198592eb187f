package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AckFlusherTest {

  private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(5);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = channel.pipeline().firstContext();

  private AckFlusher flusher(long intervalNanos) {
    channel.freezeTime(); // the channel's timers move only with advanceTimeBy
    return new AckFlusher(ctx, intervalNanos, nanos::get);
  }

  private void write(AckFlusher acks, int ack) {
    ctx.write(Unpooled.buffer(1).writeByte(ack));
    acks.written();
  }

  private Integer sent() {
    ByteBuf buf = channel.readOutbound();
    if (buf == null) {
      return null;
    }
    try {
      return (int) buf.readByte();
    } finally {
      buf.release();
    }
  }

  @Test
  void anAckAfterAQuietSpellLeavesAtTheEndOfItsBurst() {
    AckFlusher acks = flusher(INTERVAL);
    write(acks, 1);
    assertNull(sent(), "written, not yet flushed");
    acks.endOfBurst();
    assertEquals(1, sent());
  }

  @Test
  void onABusyConnectionAcksLeaveOncePerIntervalInOrder() {
    AckFlusher acks = flusher(INTERVAL);
    write(acks, 1);
    acks.endOfBurst();
    assertEquals(1, sent());
    for (int ack = 2; ack <= 4; ack++) { // three bursts within the interval
      nanos.addAndGet(INTERVAL / 10);
      write(acks, ack);
      acks.endOfBurst();
    }
    assertNull(sent(), "held until the interval since the last flush is over");
    channel.advanceTimeBy(INTERVAL, TimeUnit.NANOSECONDS);
    nanos.addAndGet(INTERVAL);
    channel.runScheduledPendingTasks();
    assertEquals(2, sent());
    assertEquals(3, sent());
    assertEquals(4, sent());
    assertNull(sent());
  }

  @Test
  void aBurstWithoutAcksFlushesNothingAndSchedulesNothing() {
    AckFlusher acks = flusher(INTERVAL);
    write(acks, 1);
    acks.endOfBurst();
    assertEquals(1, sent());
    acks.endOfBurst(); // nothing written since
    channel.advanceTimeBy(INTERVAL, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertNull(sent());
  }

  @Test
  void flushNowSendsWhatIsPendingAtOnce() {
    AckFlusher acks = flusher(INTERVAL);
    write(acks, 1);
    acks.endOfBurst();
    sent();
    write(acks, 2);
    acks.endOfBurst(); // scheduled
    acks.flushNow(); // say, before a close
    assertEquals(2, sent());
    channel.advanceTimeBy(INTERVAL, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks(); // the timer finds nothing left
    assertNull(sent());
  }

  @Test
  void aZeroIntervalFlushesEveryBurst() {
    AckFlusher acks = flusher(0);
    for (int ack = 1; ack <= 3; ack++) {
      write(acks, ack);
      acks.endOfBurst();
      assertEquals(ack, sent());
    }
  }
}
