package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.EventKind;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.MetricType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MetricBatchEncoderTest {

  /** A dictionary that remembers what it handed out. */
  private final List<String> series = new ArrayList<>();
  private final SeriesIds ids = (metric, labels, type, unit) -> {
    String key = metric + new java.util.TreeMap<>(labels) + ":" + type;
    int index = series.indexOf(key);
    if (index < 0) {
      series.add(key);
      index = series.size() - 1;
    }
    return index;
  };

  @Test
  void requestsInFlightAreReportedForTheServiceEvenWithoutRequests() {
    IntervalRecorder recorder = new IntervalRecorder("shop", 10, 10, 10, 0);
    recorder.inFlight().enter(System.nanoTime()); // still in flight at the drain
    MetricBatch.Builder batch = MetricBatch.newBuilder();
    MetricBatchEncoder.encodeInto(recorder.drain(10_000), ids, batch);

    Map<String, Double> values = values(batch.build());
    assertEquals(1.0, values.get(MetricNames.REQUESTS_IN_FLIGHT_MAX + "{}:METRIC_TYPE_GAUGE"));
    double mean = values.get(MetricNames.REQUESTS_IN_FLIGHT + "{}:METRIC_TYPE_GAUGE");
    assertEquals(true, mean > 0 && mean <= 1, "mean " + mean);
    assertEquals(0.0, values.get(MetricNames.REQUEST_RATE + "{}:METRIC_TYPE_RATE"));
  }

  @Test
  void encodesRedSeriesHistogramsEdgesAndEvents() throws Exception {
    IntervalRecorder recorder = new IntervalRecorder("shop", 10, 10, 10, 0);
    EndpointStats users = recorder.endpoint("GET", "/users/7");
    for (int i = 0; i < 10; i++) {
      users.record(10_000_000, i == 0); // 10 ms, one error
    }
    recorder.edge("shop", "db:h2://mem/x", PeerKind.DATABASE, EdgeSide.CALLER, "SELECT").record(1_000_000, false);
    recorder.edge("shop", "db:h2://mem/x", PeerKind.DATABASE, EdgeSide.CALLER, "INSERT").record(3_000_000, true);
    recorder.exception(new IllegalStateException(), "GET /users/{id}");
    IntervalReport report = recorder.drain(10_000);

    MetricBatch.Builder batch = MetricBatch.newBuilder();
    MetricBatchEncoder.encodeInto(report, ids, batch);

    Map<String, Double> values = values(batch.build());
    assertEquals(1.0, values.get(MetricNames.REQUEST_RATE + "{endpoint=GET /users/{id}}:METRIC_TYPE_RATE"));
    assertEquals(1.0, values.get(MetricNames.REQUEST_RATE + "{}:METRIC_TYPE_RATE"));
    assertEquals(0.1, values.get(MetricNames.ERROR_RATIO + "{endpoint=GET /users/{id}}:METRIC_TYPE_GAUGE"));
    assertEquals(0.01, values.get(MetricNames.LATENCY_P99_SECONDS + "{endpoint=GET /users/{id}}:METRIC_TYPE_GAUGE"),
        0.0001);
    assertEquals(0.1, values.get(MetricNames.DB_CALL_RATE + "{callee=db:h2://mem/x, operation=SELECT}:METRIC_TYPE_RATE"));

    HistogramSample histogram = batch.getHistograms(0);
    assertEquals("hdr-v2", histogram.getEncoding());
    assertEquals(10, histogram.getCount());
    assertEquals(0.1, histogram.getSumSeconds(), 1e-9);
    Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
        ByteBuffer.wrap(histogram.getEncoded().toByteArray()), 0);
    assertEquals(10, decoded.getTotalCount());
    assertEquals(10_000_000, decoded.getValueAtPercentile(50), 10_000_000 * 0.01);

    EdgeStats edge = batch.getEdges(0);
    assertEquals(1, batch.getEdgesCount(), "operations of one database merge into one edge");
    assertEquals(2, edge.getCalls());
    assertEquals(1, edge.getErrors());
    assertEquals(dev.faultline.proto.v1.PeerKind.PEER_KIND_DATABASE, edge.getCalleeKind());
    assertEquals(dev.faultline.proto.v1.EdgeSide.EDGE_SIDE_CALLER, edge.getSide());
    assertEquals(2, edge.getLatency().getCount());

    assertEquals(EventKind.EVENT_KIND_EXCEPTION, batch.getEvents(0).getKind());
    assertEquals("java.lang.IllegalStateException", batch.getEvents(0).getKey());
    assertEquals("GET /users/{id}", batch.getEvents(0).getSource());
    assertEquals(1, batch.getEvents(0).getCount());
  }

  @Test
  void calledServicesGetCallerSideRateAndLatencyPerCallee() {
    IntervalRecorder recorder = new IntervalRecorder("checkout", 10, 10, 10, 0);
    for (int i = 0; i < 100; i++) { // 98 calls of 20 ms and two of 200 ms
      recorder.edge("checkout", "payments", PeerKind.SERVICE, EdgeSide.CALLER, "").record(
          i < 2 ? 200_000_000 : 20_000_000, false);
    }
    recorder.edge("frontend", "checkout", PeerKind.SERVICE, EdgeSide.CALLEE, "").record(50_000_000, false);
    recorder.edge("checkout", "api.example.com:443", PeerKind.EXTERNAL, EdgeSide.CALLER, "").record(9_000_000, false);
    MetricBatch.Builder batch = MetricBatch.newBuilder();
    MetricBatchEncoder.encodeInto(recorder.drain(10_000), ids, batch);

    Map<String, Double> values = values(batch.build());
    assertEquals(10.0, values.get(MetricNames.CLIENT_CALL_RATE + "{callee=payments}:METRIC_TYPE_RATE"));
    assertEquals(0.02, values.get(MetricNames.CLIENT_LATENCY_P50_SECONDS + "{callee=payments}:METRIC_TYPE_GAUGE"),
        0.0005);
    assertEquals(0.2, values.get(MetricNames.CLIENT_LATENCY_P99_SECONDS + "{callee=payments}:METRIC_TYPE_GAUGE"),
        0.005);
    assertEquals(List.of(), values.keySet().stream()
            .filter(k -> k.startsWith("client_") && !k.contains("callee=payments")).toList(),
        "only services this one called: not its callers (callee side), not external peers");
  }

  @Test
  void idleIntervalReportsAZeroRateNothingInFlightAndNoRatios() {
    MetricBatch.Builder batch = MetricBatch.newBuilder();
    MetricBatchEncoder.encodeInto(new IntervalRecorder("shop", 1, 1, 1, 0).drain(10_000), ids, batch);

    Map<String, Double> values = values(batch.build());
    assertEquals(Map.of(MetricNames.REQUEST_RATE + "{}:" + MetricType.METRIC_TYPE_RATE, 0.0,
        MetricNames.REQUESTS_IN_FLIGHT + "{}:" + MetricType.METRIC_TYPE_GAUGE, 0.0,
        MetricNames.REQUESTS_IN_FLIGHT_MAX + "{}:" + MetricType.METRIC_TYPE_GAUGE, 0.0), values);
    assertFalse(batch.getHistogramsCount() > 0);
  }

  private Map<String, Double> values(MetricBatch batch) {
    Map<String, Double> values = new HashMap<>();
    var group = batch.getGroups(0);
    for (int i = 0; i < group.getSeriesIdsCount(); i++) {
      values.put(series.get(group.getSeriesIds(i)), group.getValues(i));
    }
    return values;
  }
}
