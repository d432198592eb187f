package dev.faultline.collector.ingest;

import dev.faultline.collector.model.DecodedBatch;

/**
 * A sink that holds batches elsewhere and says when they are held: the gateway role's Kafka topic. Ingest hands it
 * each new batch (with its {@link PortableBatchCodec} bytes) instead of storing it or logging it locally, and acknowledges
 * the batch to the agent only after {@link Callback#held()}; after {@link Callback#failed} the connection is refused
 * UNAVAILABLE and the agent resends.
 */
public interface PublishingSink extends BatchSink {

  /**
   * Starts publishing {@code batch}; {@code callback} runs once, when it is held or failed: on the sink's own thread,
   * or at once on the caller's when the sink refuses outright. Never throws.
   *
   * @param payload {@link PortableBatchCodec} bytes of {@code batch}
   */
  void publish(DecodedBatch batch, byte[] payload, long receivedMillis, Callback callback);

  /** Only {@link #publish} takes batches: a publishing sink never holds them in this process. */
  @Override
  default void accept(DecodedBatch batch) {
    throw new UnsupportedOperationException("a publishing sink takes batches through publish()");
  }

  /** The outcome of one {@link #publish}. */
  interface Callback {

    /** The batch is held (Kafka acknowledged it with acks=all). */
    void held();

    /** The batch is not held; {@code reason} is one line for the agent and the log. */
    void failed(String reason);
  }
}
