package dev.faultline.agent.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SampleGroup;
import dev.faultline.proto.v1.SeriesDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instrumentation series share the registry's ids and ride in the first batch of the interval. */
class SeriesDictionaryTest {

  @Test
  void sameMetricAndLabelsKeepTheirIdWhateverTheMapOrder() {
    SeriesRegistry registry = new SeriesRegistry();
    int heap = registry.family("jvm_heap_used_bytes", MetricType.METRIC_TYPE_GAUGE, "bytes", null).id();
    SeriesDictionary dictionary = new SeriesDictionary(registry);
    int db = dictionary.idFor("db_call_rate", Map.of("callee", "db:h2", "operation", "SELECT"),
        MetricType.METRIC_TYPE_RATE, "1/s");
    int endpoint = dictionary.idFor("request_rate", Map.of("endpoint", "GET /a/{id}"), MetricType.METRIC_TYPE_RATE,
        "1/s");
    assertEquals(heap + 1, db);
    assertEquals(heap + 2, endpoint);
    assertEquals(db, dictionary.idFor("db_call_rate", Map.of("operation", "SELECT", "callee", "db:h2"),
        MetricType.METRIC_TYPE_RATE, "1/s"));
    SeriesDefinition def = registry.definitions(db, db).get(0);
    assertEquals("callee", def.getLabels(0).getKey());
    assertEquals("operation", def.getLabels(1).getKey());
    assertEquals(3, registry.size());
  }

  @Test
  void extraGoesIntoTheFirstBatchAndRaisesItsMaxSeriesId() throws Exception {
    BatchEncoder encoder = new BatchEncoder();
    SampleBuffer samples = new SampleBuffer();
    for (int i = 1; i <= 100; i++) {
      samples.add(i, i);
    }
    MetricBatch.Builder extra = MetricBatch.newBuilder()
        .addGroups(SampleGroup.newBuilder().setTimestampUnixMs(5).addSeriesIds(140).addValues(1.0))
        .addHistograms(HistogramSample.newBuilder().setSeriesId(150))
        .addEdges(EdgeStats.newBuilder().setCaller("a").setCallee("b"));
    List<EncodedBatch> batches = encoder.encode(5, samples, extra, 0, 1000);
    MetricBatch first = ClientFrame.parseFrom(batches.get(0).frame()).getBatch();
    assertEquals(150, batches.get(0).maxSeriesId());
    assertEquals(1, first.getEdgesCount());
    assertEquals(1, first.getHistogramsCount());
    assertEquals(2, first.getGroupsCount());
    int total = 0;
    for (EncodedBatch b : batches) {
      assertTrue(b.frame().length <= 1000, "frame of " + b.frame().length + " bytes");
      MetricBatch m = ClientFrame.parseFrom(b.frame()).getBatch();
      total += m.getGroupsCount() == 0 ? 0 : m.getGroups(0).getSeriesIdsCount();
    }
    assertEquals(100, total); // group 0 of every batch holds the samples; the extra group comes after
    MetricBatch.Builder huge = MetricBatch.newBuilder().addEdges(EdgeStats.newBuilder().setCaller("x".repeat(2000)));
    List<EncodedBatch> dropped = encoder.encode(6, new SampleBuffer(), huge, 0, 1000);
    assertEquals(0, ClientFrame.parseFrom(dropped.get(0).frame()).getBatch().getEdgesCount());
    assertEquals(1, encoder.droppedExtras());
  }
}
