package dev.faultline.collector.ingest;

import dev.faultline.collector.model.DecodedBatch;

/**
 * Where ingest hands decoded batches. Ingest acknowledges a batch to the agent only after {@link #accept} returned,
 * so "accepted" must mean "held": in memory today, in the write-ahead log once it exists.
 *
 * <p>Called on ingest event-loop threads, concurrently for different agents, so implementations are thread-safe
 * and quick; slow work (detectors) goes to a bounded queue behind the sink.
 */
@FunctionalInterface
public interface BatchSink {

  /**
   * Takes the batch.
   *
   * @throws RuntimeException when the batch cannot be held now; ingest rejects the connection as UNAVAILABLE and
   *     the agent resends later
   */
  void accept(DecodedBatch batch);
}
