package dev.faultline.agent.instrument.record;

import dev.faultline.proto.v1.MetricType;
import java.util.Map;

/**
 * The reporter's series dictionary, as the {@link MetricBatchEncoder} needs it: a stable id per metric name and
 * labels, defined on the connection (SeriesDefinitions) before a batch using it is sent.
 */
@FunctionalInterface
public interface SeriesIds {

  /** The id of the series {@code metric}{@code labels} (labels beyond service/instance/host; may be empty). */
  int idFor(String metric, Map<String, String> labels, MetricType type, String unit);
}
