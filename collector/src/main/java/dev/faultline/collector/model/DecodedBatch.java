package dev.faultline.collector.model;

import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.HistogramSample;
import java.util.List;

/**
 * One agent batch with its series ids resolved: samples as parallel arrays (no object per sample), plus the parts
 * later stages use (edges, events, histograms) as protobuf messages.
 *
 * <pre>{@code
 * for (int i = 0; i < batch.sampleCount(); i++) {
 *   store(batch.series()[i], batch.timestamps()[i], batch.values()[i]);
 * }
 * }</pre>
 *
 * The arrays are owned by the batch and never changed after it is handed to a sink, except by a sink that
 * declares it copies them ({@code BatchSink.copiesBatches}): then ingest parses the connection's next batch into the
 * same arrays once {@code accept} returned. Arrays may be longer than {@code sampleCount}.
 */
public record DecodedBatch(
    AgentInfo agent,
    long sequence,
    long droppedBatches,
    int sampleCount,
    SeriesRef[] series,
    long[] timestamps,
    double[] values,
    List<HistogramSample> histograms,
    List<EdgeStats> edges,
    List<Event> events) {}
