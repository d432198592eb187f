package dev.faultline.collector.ingest;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.SeriesDefinitions;
import dev.faultline.collector.wal.AppendCallback;
import dev.faultline.collector.wal.WalUnavailableException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The conversation of one agent connection (one instance per channel; state is not shared):
 *
 * <pre>
 * AWAITING_HELLO --Hello ok--> STREAMING --Definitions / Batch--> STREAMING
 *        |  \--bad version--> HelloReply(refused), close
 *        \--anything else, timeout--> Rejection(PROTOCOL_VIOLATION), close
 * any state --bad input--> Rejection(cause), close     (other connections are not affected)
 * </pre>
 *
 * Acks are cumulative: the batches stored in memory (or recognised as duplicates) during one read burst get one ack,
 * for the highest sequence, at the end of the burst ({@link BurstAck}, {@link #channelReadComplete}); a batch that
 * waits for the WAL's fsync or a gateway publish gets its own ack once held, flushed once per burst of such
 * callbacks ({@link LoopInbox}).
 */
public final class IngestHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = Logger.getLogger(IngestHandler.class.getName());

  private final IngestContext context;
  private final SeriesDictionary dictionary;
  /** Encodes batches for the write-ahead log, caching keys by this connection's series ids; null without a WAL. */
  private final BatchCodec.Encoder encoder;
  /** The gateway's encoder: Kafka records carry their series definitions (created with the first publish). */
  private PortableBatchCodec.Encoder portable;
  private AgentSession session;
  private AgentInfo agent;
  private ScheduledFuture<?> handshakeTimeout;
  private boolean closing;
  /** Where WAL and publish callbacks hand their work to this channel's event loop. */
  private LoopInbox inbox;
  /** The cumulative ack of the batches held during the current read burst. */
  private final BurstAck burstAck = new BurstAck();
  /** Set on a publishing sink's thread once a publish failed: later batches of this connection are not acked. */
  private volatile boolean publishFailed;
  /**
   * Set on the event loop once a logged batch of this connection was given up (not durable, or not applied): the
   * batches logged behind it are then neither applied nor acknowledged. Why: applying them would raise the agent's
   * highest applied sequence past the given-up one, and its resend would be acknowledged as a duplicate, never stored.
   */
  private boolean gaveUp;

  public IngestHandler(IngestContext context) {
    this.context = context;
    this.dictionary = new SeriesDictionary(context.maxSeriesPerConnection());
    this.encoder = context.durable() == null ? null : new BatchCodec.Encoder(context.durable().dictionary());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    inbox = new LoopInbox(ctx, ctx::flush);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    context.stats().connectionsAccepted.increment();
    handshakeTimeout = ctx.executor().schedule(() -> {
      if (session == null && !closing) {
        reject(ctx, FrameRejectedException.protocolViolation("ingest.handshake-timeout",
            "no Hello within " + context.handshakeTimeoutMillis() + " ms (ingest.handshake-timeout)"));
      }
    }, context.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    if (session != null) {
      session.disconnected(context.clock().getAsLong());
      log.fine(() -> "agent " + agent.agentId() + " (" + describe(agent) + ") disconnected");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      return;
    }
    try {
      if (session == null) {
        onFirstFrame(ctx, msg);
      } else if (msg instanceof WireBatch batch) {
        onBatch(ctx, batch);
      } else if (msg instanceof SeriesDefinitions definitions) {
        onDefinitions(definitions);
      } else if (msg instanceof Goodbye goodbye) {
        log.fine(() -> "agent " + agent.agentId() + " said goodbye: " + goodbye.getReason());
        closing = true;
        burstAck.write(ctx); // what was stored before the goodbye is acknowledged before the close
        ctx.flush();
        ctx.close();
      } else {
        throw FrameRejectedException.protocolViolation("unexpected " + kind(msg) + " after the handshake");
      }
    } catch (FrameRejectedException e) {
      reject(ctx, e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    burstAck.write(ctx);
    ctx.flush();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (!closing) {
        reject(ctx, FrameRejectedException.limitExceeded("ingest.idle-timeout", "nothing received within "
            + "ingest.idle-timeout"
            + (agent == null ? "" : " from agent " + agent.agentId())));
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (closing) {
      return;
    }
    if (cause instanceof FrameRejectedException rejected) {
      reject(ctx, rejected);
    } else if (cause instanceof IOException) {
      log.fine(() -> "connection from " + peer(ctx) + " failed: " + cause.getMessage());
      closing = true;
      ctx.close();
    } else {
      log.log(Level.WARNING, "unexpected error on the connection from " + peer(ctx) + "; closing it", cause);
      reject(ctx, FrameRejectedException.malformed("internal error while reading the frame"));
    }
  }

  private void onFirstFrame(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Hello hello)) {
      throw FrameRejectedException.protocolViolation("expected Hello as the first frame, got " + kind(msg));
    }
    if (hello.getProtocolVersion() != Protocol.VERSION) {
      refuse(ctx, RejectionCause.REJECTION_CAUSE_UNSUPPORTED_VERSION, "unsupported protocol version "
          + hello.getProtocolVersion() + ": this collector speaks protocol version " + Protocol.VERSION);
      return;
    }
    if (hello.getAgentId().isEmpty()) {
      refuse(ctx, RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, "Hello without agent_id");
      return;
    }
    handshakeTimeout.cancel(false);
    agent = agentInfo(hello);
    session = context.ledger().session(agent.agentId());
    session.connected(agent, context.clock().getAsLong());
    ctx.write(ServerFrames.accepted(session.lastSequence(), context.maxFrameBytes()));
    log.fine(() -> "agent " + agent.agentId() + " (" + describe(agent) + ") connected from " + peer(ctx)
        + ", last sequence " + session.lastSequence());
  }

  private void onDefinitions(SeriesDefinitions definitions) {
    int max = context.limits().maxSeriesPerAgent();
    dictionary.defineAll(definitions, agent, key -> {
      if (!session.admitSeries(key, max)) {
        throw FrameRejectedException.limitExceeded("ingest.max-series-per-agent", "agent " + agent.agentId()
            + " defines more than " + max + " distinct series (ingest.max-series-per-agent); first refused: "
            + key.id());
      }
    });
    for (int i = 0; i < definitions.getSeriesCount(); i++) {
      int id = definitions.getSeries(i).getId();
      if (encoder != null) {
        encoder.forget(id);
      }
      if (portable != null) {
        portable.forget(id);
      }
    }
  }

  private void onBatch(ChannelHandlerContext ctx, WireBatch batch) {
    if (batch.sequence() == 0) {
      throw FrameRejectedException.protocolViolation("batch without sequence (sequences start at 1)");
    }
    long now = context.clock().getAsLong();
    if (batch.sequence() <= session.lastSequence()) {
      // already applied, and applied only once durable: acknowledge again without storing
      session.applyOnce(batch.sequence(), batch.droppedBatches(), now, () -> {});
      context.stats().batchesDuplicate.increment();
      burstAck.held(batch.sequence());
      return;
    }
    DecodedBatch decoded = resolve(batch);
    if (context.sink() instanceof PublishingSink publisher) {
      publish(ctx, publisher, decoded, batch.seriesIds(), now);
      return;
    }
    if (context.durable() == null) {
      apply(decoded, now);
      burstAck.held(batch.sequence());
      return;
    }
    // Write-ahead: append now, apply and acknowledge once durable, back on this channel's event loop (callbacks
    // come in LSN order, and one channel's tasks run in order, so acks keep the batches' order). A batch resent
    // while its first copy is still in flight is logged twice and applied once (applyOnce; replay does the same).
    BatchCodec.Encoded record = encoder.encode(decoded, batch.seriesIds(), now);
    DurableLog durable = context.durable();
    durable.append(decoded, record, new AppendCallback() {
      @Override
      public void onDurable(long lsn) {
        // Not scheduled (event loop gone at shutdown): the LSN stays unapplied, so a snapshot taken on the way
        // down leaves the record to the next start's replay.
        inbox.submit(() -> {
          try {
            if (gaveUp) {
              return; // the agent resends from the batch given up, this one included
            }
            apply(decoded, now);
          } catch (FrameRejectedException e) {
            gaveUp = true;
            reject(ctx, e);
            return;
          } finally {
            durable.applied(lsn);
          }
          ctx.write(ServerFrames.ack(decoded.sequence()), ctx.voidPromise()); // flushed at the end of the burst
        });
      }

      @Override
      public void onFailure(long lsn, WalUnavailableException error) {
        durable.refused(error);
        inbox.submit(() -> { // on the loop, so after append() has listed the LSN as unapplied
          gaveUp = true;
          durable.applied(lsn);
          if (!closing) {
            reject(ctx, FrameRejectedException.unavailable("the collector could not store batch "
                + decoded.sequence() + " durably; retry later"));
          }
        });
      }
    });
  }

  /**
   * Gateway: publishes the batch, then records its sequence and acknowledges it once the sink holds it. The sequence
   * is recorded on the sink's thread, before the sink stops tracking the batch as in flight, so a copy resent
   * meanwhile through another connection is either joined to the publish in flight or acknowledged as a duplicate.
   * After a failed publish, later batches of this connection are neither recorded nor acknowledged: the agent
   * resends from the failed one (those already in Kafka are then there twice, told apart by agent and sequence).
   */
  private void publish(ChannelHandlerContext ctx, PublishingSink publisher, DecodedBatch decoded, int[] ids,
      long now) {
    if (portable == null) {
      portable = new PortableBatchCodec.Encoder();
    }
    byte[] payload = portable.encode(decoded, ids);
    publisher.publish(decoded, payload, now, new PublishingSink.Callback() {
      @Override
      public void held() {
        if (publishFailed) {
          return;
        }
        if (session.applyOnce(decoded.sequence(), decoded.droppedBatches(), now, () -> {})) {
          context.stats().batchesApplied.increment();
          context.stats().samplesApplied.add(decoded.sampleCount());
        } else {
          context.stats().batchesDuplicate.increment();
        }
        inbox.submit(() -> ctx.write(ServerFrames.ack(decoded.sequence()), ctx.voidPromise()));
      }

      @Override
      public void failed(String reason) {
        publishFailed = true;
        inbox.submit(() -> {
          if (!closing) {
            reject(ctx, FrameRejectedException.unavailable("the gateway could not publish batch "
                + decoded.sequence() + " to Kafka (" + reason + "); retry later"));
          }
        });
      }
    });
  }

  /** Applies {@code decoded} once per agent sequence and counts it. */
  private void apply(DecodedBatch decoded, long now) {
    boolean applied;
    try {
      applied = session.applyOnce(decoded.sequence(), decoded.droppedBatches(), now,
          () -> context.sink().accept(decoded));
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "cannot store batch " + decoded.sequence() + " of agent " + agent.agentId()
          + ": " + e.getMessage());
      throw FrameRejectedException.unavailable("the collector cannot store batches now; retry later");
    }
    if (applied) {
      context.stats().batchesApplied.increment();
      context.stats().samplesApplied.add(decoded.sampleCount());
    } else {
      context.stats().batchesDuplicate.increment();
    }
  }

  private DecodedBatch resolve(WireBatch batch) {
    return new DecodedBatch(agent, batch.sequence(), batch.droppedBatches(), batch.sampleCount(),
        dictionary.resolve(batch), batch.timestamps(), batch.values(), batch.histograms(), batch.edges(),
        batch.events());
  }

  /** Answers a Hello with a refusal, then closes. */
  private void refuse(ChannelHandlerContext ctx, RejectionCause cause, String reason) {
    closing = true;
    logRejection(ctx, cause, null, reason);
    ctx.writeAndFlush(ServerFrames.refused(reason, context.maxFrameBytes())).addListener(ChannelFutureListener.CLOSE);
  }

  /** Sends a Rejection, then closes. */
  private void reject(ChannelHandlerContext ctx, FrameRejectedException e) {
    closing = true;
    burstAck.write(ctx); // batches stored before the bad frame stay acknowledged
    logRejection(ctx, e.rejectionCause(), e.limit(), e.getMessage());
    ctx.writeAndFlush(ServerFrames.rejection(e.rejectionCause(), e.getMessage()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void logRejection(ChannelHandlerContext ctx, RejectionCause cause, String limit, String message) {
    logRejection(context.stats().rejections(), ctx, cause, limit, message);
  }

  /** Counts a rejection and logs it the first time per cause, limit and peer address. */
  static void logRejection(RejectionStats stats, ChannelHandlerContext ctx, RejectionCause cause, String limit,
      String message) {
    if (stats.record(cause, limit, peerHost(ctx))) {
      log.warning(() -> "rejected connection from " + peer(ctx) + " (" + shortName(cause) + "): " + message
          + " [logged once per cause and peer]");
    }
  }

  /** The identity a Hello announces (also used by the parse-only benchmark). */
  public static AgentInfo agentInfo(Hello h) {
    return new AgentInfo(h.getAgentId(), h.getService(), h.getInstanceId(), h.getHost(), h.getPid(),
        h.getKind().name().replace("AGENT_KIND_", "").toLowerCase(Locale.ROOT), h.getRuntimeVersion(),
        h.getAgentVersion(), h.getStartTimeUnixMs());
  }

  private static String shortName(RejectionCause cause) {
    return cause.name().replace("REJECTION_CAUSE_", "").toLowerCase(Locale.ROOT);
  }

  private static String kind(Object msg) {
    if (msg instanceof WireBatch) return "batch";
    if (msg instanceof SeriesDefinitions) return "series definitions";
    if (msg instanceof Hello) return "a second Hello";
    if (msg instanceof Goodbye) return "goodbye";
    return msg.getClass().getSimpleName();
  }

  private static String describe(AgentInfo a) {
    return (a.service().isEmpty() ? a.kind() : a.service() + "/" + a.instance()) + " on " + a.host();
  }

  static String peer(ChannelHandlerContext ctx) {
    SocketAddress a = ctx.channel().remoteAddress();
    return a == null ? "unknown peer" : a.toString().replaceFirst("^/", "");
  }

  static String peerHost(ChannelHandlerContext ctx) {
    SocketAddress a = ctx.channel().remoteAddress();
    return a instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(a);
  }
}
