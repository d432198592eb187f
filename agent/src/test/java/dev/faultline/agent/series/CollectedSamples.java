package dev.faultline.agent.series;

import dev.faultline.proto.v1.SeriesDefinition;
import java.util.HashMap;
import java.util.Map;

/** For tests of {@link SampleCollector}s: one collection, keyed by series name. */
public final class CollectedSamples {

  private CollectedSamples() {}

  /**
   * Runs {@code collector} once and returns each value by its metric name, with the first label's value in braces
   * when the series has labels ({@code jvm_gc_count{G1 Young}}), as {@code registry} defines the series.
   */
  public static Map<String, Double> byName(SampleCollector collector, SeriesRegistry registry) {
    SampleBuffer out = new SampleBuffer();
    collector.collect(out);
    Map<String, Double> byName = new HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      SeriesDefinition d = registry.definitions(out.id(i), out.id(i)).get(0);
      String key = d.getLabelsCount() == 0 ? d.getMetric() : d.getMetric() + "{" + d.getLabels(0).getValue() + "}";
      byName.put(key, out.value(i));
    }
    return byName;
  }
}
