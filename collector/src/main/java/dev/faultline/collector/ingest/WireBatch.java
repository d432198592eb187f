package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.HistogramSample;
import java.util.List;

/**
 * A {@code MetricBatch} as read off the wire, before its series ids are resolved: the sample groups flattened into
 * parallel arrays (each sample carries its group's timestamp). Arrays may be longer than {@code sampleCount}.
 */
public record WireBatch(
    long sequence,
    long droppedBatches,
    int sampleCount,
    int[] seriesIds,
    long[] timestamps,
    double[] values,
    List<HistogramSample> histograms,
    List<EdgeStats> edges,
    List<Event> events) {}
