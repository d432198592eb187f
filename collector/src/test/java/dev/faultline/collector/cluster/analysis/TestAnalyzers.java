package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.cluster.KafkaTestBroker;
import dev.faultline.collector.config.Endpoint;
import java.nio.file.Path;
import java.util.Map;

/** Analyzer nodes for the tests on a {@link KafkaTestBroker}. */
final class TestAnalyzers {

  private TestAnalyzers() {}

  /**
   * Analyzer {@code i} of a cluster whose application id and topics start with {@code prefix}, its state under
   * {@code dir/a<i>}, its query port ephemeral. Its consumer group notices a stopped node within seconds (not Kafka's
   * default 45 s) and it commits every 200 ms, so that a test can stop one and soon see its partitions move on.
   */
  static AnalyzerSettings settings(KafkaTestBroker kafka, Path dir, String prefix, int i) {
    Map<String, Object> fast = Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 500,
        "commit.interval.ms", 200, "metadata.max.age.ms", 2000);
    return AnalyzerSettings.of(kafka.bootstrapServers(), "analyzer-" + i, dir.resolve("a" + i))
        .withApplicationId(prefix + "analyzer")
        .withTopics(prefix + "batches", prefix + "anomalies", prefix + "incidents", prefix + "topology")
        .withQueryAddress(new Endpoint("127.0.0.1", 0))
        .withOverrides(fast);
  }
}
