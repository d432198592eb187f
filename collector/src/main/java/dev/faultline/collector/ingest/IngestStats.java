package dev.faultline.collector.ingest;

import java.util.concurrent.atomic.LongAdder;

/** Ingest counters, shared by all connections (LongAdder: many event-loop threads add, queries rarely read). */
public final class IngestStats {

  final LongAdder connectionsAccepted = new LongAdder();
  final LongAdder batchesApplied = new LongAdder();
  final LongAdder batchesDuplicate = new LongAdder();
  final LongAdder samplesApplied = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  private final RejectionStats rejections = new RejectionStats();

  public long connectionsAccepted() { return connectionsAccepted.sum(); }

  public long batchesApplied() { return batchesApplied.sum(); }

  /** Batches acknowledged again without being applied (sequence already held). */
  public long batchesDuplicate() { return batchesDuplicate.sum(); }

  public long samplesApplied() { return samplesApplied.sum(); }

  /** Bytes read from agent connections (frames, preamble and all), for {@code /metrics}. */
  public long bytesReceived() { return bytesReceived.sum(); }

  public RejectionStats rejections() { return rejections; }
}
