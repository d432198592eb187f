package dev.faultline.agent.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SeriesDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {

  private final SeriesRegistry registry = new SeriesRegistry();

  @Test
  void registryGivesStableDenseIdsPerMetricAndLabel() {
    MetricFamily gc = registry.family("jvm_gc_collections_total", MetricType.METRIC_TYPE_COUNTER, "c", "gc");
    MetricFamily heap = registry.family("jvm_heap_used_bytes", MetricType.METRIC_TYPE_GAUGE, "bytes", null);
    assertEquals(1, gc.id("G1 Young"));
    assertEquals(2, heap.id());
    assertEquals(3, gc.id("G1 Old"));
    assertEquals(1, gc.id("G1 Young"));
    assertEquals(2, heap.id());
    assertEquals(3, registry.size());
    List<SeriesDefinition> defs = registry.definitions(1, 3);
    assertEquals("jvm_gc_collections_total", defs.get(0).getMetric());
    assertEquals("gc", defs.get(0).getLabels(0).getKey());
    assertEquals("G1 Young", defs.get(0).getLabels(0).getValue());
    assertEquals(0, defs.get(1).getLabelsCount());
    assertEquals(MetricType.METRIC_TYPE_GAUGE, defs.get(1).getType());
    assertEquals(List.of(), registry.definitions(4, 9));
    assertEquals(2, registry.definitions(2, 99).size());
  }

  @Test
  void batchesCarryPackedSamplesSequenceFromOneAndDrops() throws Exception {
    SampleBuffer samples = new SampleBuffer();
    samples.add(2, 1.5);
    samples.add(1, 42);
    samples.add(3, Double.NaN);
    BatchEncoder encoder = new BatchEncoder();
    List<EncodedBatch> first = encoder.encode(1000, samples, 7, 4 << 20);
    List<EncodedBatch> second = encoder.encode(2000, samples, 7, 4 << 20);
    assertEquals(1, first.size());
    assertEquals(1, first.get(0).sequence());
    assertEquals(2, second.get(0).sequence());
    assertEquals(2, first.get(0).maxSeriesId());
    MetricBatch batch = ClientFrame.parseFrom(first.get(0).frame()).getBatch();
    assertEquals(1, batch.getSequence());
    assertEquals(7, batch.getDroppedBatches());
    assertEquals(1000, batch.getGroups(0).getTimestampUnixMs());
    assertEquals(List.of(2, 1), batch.getGroups(0).getSeriesIdsList());
    assertEquals(List.of(1.5, 42.0), batch.getGroups(0).getValuesList());
  }

  @Test
  void batchAboveTheFrameLimitIsSplitWithOneSequenceEach() throws Exception {
    SampleBuffer samples = new SampleBuffer();
    for (int i = 1; i <= 1000; i++) {
      samples.add(i, i * 1.0);
    }
    int limit = 2048;
    List<EncodedBatch> batches = new BatchEncoder().encode(5, samples, 0, limit);
    assertTrue(batches.size() > 1);
    int total = 0;
    for (int i = 0; i < batches.size(); i++) {
      EncodedBatch b = batches.get(i);
      assertEquals(i + 1, b.sequence());
      assertTrue(b.frame().length <= limit, "frame " + b.frame().length);
      MetricBatch mb = ClientFrame.parseFrom(b.frame()).getBatch();
      total += mb.getGroups(0).getSeriesIdsCount();
      assertEquals(b.maxSeriesId(), mb.getGroups(0).getSeriesIds(mb.getGroups(0).getSeriesIdsCount() - 1));
    }
    assertEquals(1000, total);
  }

  @Test
  void emptyIntervalStillProducesABatch() throws Exception {
    List<EncodedBatch> batches = new BatchEncoder().encode(5, new SampleBuffer(), 3, 4096);
    assertEquals(1, batches.size());
    assertEquals(0, batches.get(0).maxSeriesId());
    assertEquals(3, ClientFrame.parseFrom(batches.get(0).frame()).getBatch().getDroppedBatches());
  }
}
