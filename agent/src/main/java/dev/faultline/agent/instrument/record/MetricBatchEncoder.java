package dev.faultline.agent.instrument.record;

import com.google.protobuf.ByteString;
import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.EventKind;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SampleGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes an {@link IntervalReport} into a {@link MetricBatch} under construction.
 *
 * <pre>{@code
 * IntervalReport report = handle.drain(now);
 * MetricBatch.Builder batch = MetricBatch.newBuilder().setSequence(seq);
 * MetricBatchEncoder.encodeInto(report, dictionary::idFor, batch);   // plus JVM samples, then send
 * }</pre>
 *
 * <p>Adds, all stamped with the report's end time:
 * <ul>
 *   <li>one SampleGroup with {@code request_rate}, {@code error_ratio}, {@code latency_p50/p90/p99_seconds} for
 *       the service (no label) and per endpoint (label {@code endpoint}; methods chosen by configuration too,
 *       labelled with their qualified name and left out of the service's totals), and {@code db_call_rate} per database
 *       and SQL operation (labels {@code callee}, {@code operation}); ratios and percentiles only where there
 *       were requests; and, per called service (label {@code callee}), {@code client_call_rate} and
 *       {@code client_latency_p50/p99_seconds} measured at the caller; and {@code requests_in_flight} (mean) and
 *       {@code requests_in_flight_max} for the service (server side, no label);
 *   <li>a HistogramSample {@code latency_seconds} for the service and per endpoint (encoding "hdr-v2", values in
 *       nanoseconds);
 *   <li>one EdgeStats per caller, callee, kind and side (database operations merged);
 *   <li>one EXCEPTION Event per exception type and source;
 *   <li>one ERROR_LOG Event per log message template and logger.
 * </ul>
 */
public final class MetricBatchEncoder {

  public static final String LABEL_ENDPOINT = "endpoint";
  public static final String LABEL_CALLEE = "callee";
  public static final String LABEL_OPERATION = "operation";
  private static final double NANOS_PER_SECOND = 1e9;

  private MetricBatchEncoder() {}

  public static void encodeInto(IntervalReport report, SeriesIds ids, MetricBatch.Builder batch) {
    long timestamp = report.endMillis();
    SampleGroup.Builder samples = SampleGroup.newBuilder().setTimestampUnixMs(timestamp);
    LatencySnapshot service = mergeEndpoints(report.endpoints());
    if (service != null) {
      addRed(Map.of(), service, report.intervalSeconds(), ids, samples, batch, timestamp);
    } else {
      add(samples, ids.idFor(MetricNames.REQUEST_RATE, Map.of(), MetricType.METRIC_TYPE_RATE, "1/s"), 0);
    }
    add(samples, ids.idFor(MetricNames.REQUESTS_IN_FLIGHT, Map.of(), MetricType.METRIC_TYPE_GAUGE, "1"),
        report.inFlight().mean());
    add(samples, ids.idFor(MetricNames.REQUESTS_IN_FLIGHT_MAX, Map.of(), MetricType.METRIC_TYPE_GAUGE, "1"),
        report.inFlight().max());
    for (EndpointSnapshot endpoint : report.endpoints()) {
      addRed(Map.of(LABEL_ENDPOINT, endpoint.name()), endpoint.latency(), report.intervalSeconds(), ids, samples,
          batch, timestamp);
    }
    for (EndpointSnapshot method : report.methods()) { // like endpoints, but not in the service's totals
      addRed(Map.of(LABEL_ENDPOINT, method.name()), method.latency(), report.intervalSeconds(), ids, samples,
          batch, timestamp);
    }
    Map<String, LatencySnapshot> calledServices = new LinkedHashMap<>();
    for (EdgeSnapshot edge : report.edges()) {
      if (edge.kind() == PeerKind.DATABASE) {
        Map<String, String> labels = Map.of(LABEL_CALLEE, edge.callee(), LABEL_OPERATION, edge.operation());
        add(samples, ids.idFor(MetricNames.DB_CALL_RATE, labels, MetricType.METRIC_TYPE_RATE, "1/s"),
            edge.calls() / report.intervalSeconds());
      } else if (edge.kind() == PeerKind.SERVICE && edge.side() == EdgeSide.CALLER) {
        calledServices.merge(edge.callee(), edge.latency(), LatencySnapshot::merge);
      }
    }
    calledServices.forEach((callee, latency) -> addClient(callee, latency, report.intervalSeconds(), ids, samples));
    batch.addGroups(samples);
    EdgeEncoder.encodeInto(report, batch);
    for (ExceptionSnapshot exception : report.exceptions()) {
      batch.addEvents(dev.faultline.proto.v1.Event.newBuilder()
          .setTimestampUnixMs(timestamp)
          .setKind(EventKind.EVENT_KIND_EXCEPTION)
          .setKey(exception.type())
          .setSource(exception.source())
          .setCount(exception.count()));
    }
    for (ExceptionSnapshot log : report.errorLogs()) {
      batch.addEvents(dev.faultline.proto.v1.Event.newBuilder()
          .setTimestampUnixMs(timestamp)
          .setKind(EventKind.EVENT_KIND_ERROR_LOG)
          .setKey(log.type())
          .setSource(log.source())
          .setCount(log.count()));
    }
  }

  /** A HistogramSample of {@code latency} (series id 0 for edges, where it is unused). */
  static HistogramSample histogram(int seriesId, long timestamp, LatencySnapshot latency) {
    return HistogramSample.newBuilder()
        .setSeriesId(seriesId)
        .setTimestampUnixMs(timestamp)
        .setCount(latency.histogramCount())
        .setSumSeconds(latency.sumNanos() / NANOS_PER_SECOND)
        .setEncoding(LatencySnapshot.ENCODING_HDR_V2)
        .setEncoded(ByteString.copyFrom(latency.encodeHdrV2()))
        .build();
  }

  private static void addRed(Map<String, String> labels, LatencySnapshot latency, double seconds, SeriesIds ids,
      SampleGroup.Builder samples, MetricBatch.Builder batch, long timestamp) {
    add(samples, ids.idFor(MetricNames.REQUEST_RATE, labels, MetricType.METRIC_TYPE_RATE, "1/s"),
        latency.calls() / seconds);
    if (latency.calls() == 0) {
      return;
    }
    add(samples, ids.idFor(MetricNames.ERROR_RATIO, labels, MetricType.METRIC_TYPE_GAUGE, "ratio"),
        (double) latency.errors() / latency.calls());
    addPercentile(samples, ids, labels, MetricNames.LATENCY_P50_SECONDS, latency, 50);
    addPercentile(samples, ids, labels, MetricNames.LATENCY_P90_SECONDS, latency, 90);
    addPercentile(samples, ids, labels, MetricNames.LATENCY_P99_SECONDS, latency, 99);
    int histogramId =
        ids.idFor(MetricNames.LATENCY_SECONDS, labels, MetricType.METRIC_TYPE_UNSPECIFIED, "seconds");
    batch.addHistograms(histogram(histogramId, timestamp, latency));
  }

  /** The caller-side rate and latency of the calls to one service (the models' callee-latency features). */
  private static void addClient(String callee, LatencySnapshot latency, double seconds, SeriesIds ids,
      SampleGroup.Builder samples) {
    Map<String, String> labels = Map.of(LABEL_CALLEE, callee);
    add(samples, ids.idFor(MetricNames.CLIENT_CALL_RATE, labels, MetricType.METRIC_TYPE_RATE, "1/s"),
        latency.calls() / seconds);
    if (latency.calls() > 0) {
      addPercentile(samples, ids, labels, MetricNames.CLIENT_LATENCY_P50_SECONDS, latency, 50);
      addPercentile(samples, ids, labels, MetricNames.CLIENT_LATENCY_P99_SECONDS, latency, 99);
    }
  }

  private static void addPercentile(SampleGroup.Builder samples, SeriesIds ids, Map<String, String> labels,
      String metric, LatencySnapshot latency, double percentile) {
    add(samples, ids.idFor(metric, labels, MetricType.METRIC_TYPE_GAUGE, "seconds"),
        latency.valueAtPercentileNanos(percentile) / NANOS_PER_SECOND);
  }

  private static void add(SampleGroup.Builder samples, int id, double value) {
    samples.addSeriesIds(id).addValues(value);
  }

  private static LatencySnapshot mergeEndpoints(List<EndpointSnapshot> endpoints) {
    LatencySnapshot merged = null;
    for (EndpointSnapshot endpoint : endpoints) {
      merged = merged == null ? endpoint.latency() : merged.merge(endpoint.latency());
    }
    return merged;
  }

  /** Groups edges by caller, callee, kind and side (merging database operations) into EdgeStats messages. */
  static final class EdgeEncoder {

    private EdgeEncoder() {}

    static void encodeInto(IntervalReport report, MetricBatch.Builder batch) {
      Map<List<Object>, EdgeSnapshot> merged = new LinkedHashMap<>();
      for (EdgeSnapshot edge : report.edges()) {
        merged.merge(List.of(edge.caller(), edge.callee(), edge.kind(), edge.side()), edge,
            (a, b) -> new EdgeSnapshot(a.caller(), a.callee(), a.kind(), a.side(), "", a.latency().merge(b.latency())));
      }
      for (EdgeSnapshot edge : merged.values()) {
        batch.addEdges(dev.faultline.proto.v1.EdgeStats.newBuilder()
            .setTimestampUnixMs(report.endMillis())
            .setCaller(edge.caller())
            .setCallee(edge.callee())
            .setCalleeKind(peerKind(edge.kind()))
            .setSide(edge.side() == EdgeSide.CALLER
                ? dev.faultline.proto.v1.EdgeSide.EDGE_SIDE_CALLER
                : dev.faultline.proto.v1.EdgeSide.EDGE_SIDE_CALLEE)
            .setCalls(edge.calls())
            .setErrors(edge.errors())
            .setLatency(histogram(0, report.endMillis(), edge.latency())));
      }
    }

    private static dev.faultline.proto.v1.PeerKind peerKind(PeerKind kind) {
      switch (kind) {
        case SERVICE:
          return dev.faultline.proto.v1.PeerKind.PEER_KIND_SERVICE;
        case DATABASE:
          return dev.faultline.proto.v1.PeerKind.PEER_KIND_DATABASE;
        default:
          return dev.faultline.proto.v1.PeerKind.PEER_KIND_EXTERNAL;
      }
    }
  }
}
