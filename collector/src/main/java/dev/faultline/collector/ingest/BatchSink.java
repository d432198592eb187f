package dev.faultline.collector.ingest;

import dev.faultline.collector.model.DecodedBatch;
import java.util.function.Consumer;

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

  /**
   * Whether this sink is done with the batch's timestamps and values arrays when {@link #accept} returns (it copies
   * what it keeps). Ingest then parses the connection's next batch into the same arrays instead of allocating new
   * ones. False by default: a sink that queues the batch (detection) or logs it later must keep its arrays intact.
   */
  default boolean copiesBatches() {
    return false;
  }

  /** A sink around {@code target}, which copies the samples it keeps and holds no reference to the batch. */
  static BatchSink copying(Consumer<DecodedBatch> target) {
    return new BatchSink() {
      @Override
      public void accept(DecodedBatch batch) {
        target.accept(batch);
      }

      @Override
      public boolean copiesBatches() {
        return true;
      }
    };
  }
}
