package dev.faultline.collector.live;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigSection;
import dev.faultline.collector.detect.config.DetectionConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of live analysis: the {@code detection:} section of the collector config. Immutable; a reload builds a
 * new instance and hands it to {@link LiveAnalysis#reconfigure}.
 *
 * <pre>
 * detection:
 *   enabled: true            # false: no detectors, no anomalies (the routes answer empty)
 *   workers: 1               # detection threads; a series always runs on the same one
 *   queue-batches: 1024      # batches waiting per worker; beyond that batches are dropped and counted
 *   max-series: 10000        # series with detector state (~60 KB each with the default set); new ones wait beyond it
 *   max-anomalies: 10000     # recent anomalies kept for the API
 *   max-incidents: 1000      # incidents kept on disk (oldest resolved dropped first)
 *   incident-window: 2m      # anomalies starting this close on related entities form one incident
 *   quiet-period: 5m         # an incident resolves this long after its last anomaly ended
 *   edge-ttl: 10m            # call-graph edges not reported for this long leave the topology
 *   max-subscribers: 32      # concurrent /api/v1/events streams
 *   rules: [...]             # per-metric detectors and thresholds, see DetectionConfig
 *   entity: {...}            # clustering detectors per service instance and host, see EntitySettings
 * </pre>
 */
public record LiveConfig(boolean enabled, int workers, int queueBatches, int maxSeries, int maxAnomalies,
    int maxIncidents, Duration incidentWindow, Duration quietPeriod, Duration edgeTtl, int maxSubscribers,
    DetectionConfig detection, EntitySettings entity) {

  public static final String SECTION = "detection";

  private static final List<String> KEYS = List.of("enabled", "workers", "queue-batches", "max-series",
      "max-anomalies", "max-incidents", "incident-window", "quiet-period", "edge-ttl", "max-subscribers", "rules",
      "entity");

  public LiveConfig {
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(entity, "entity");
    range("workers", workers, 1, 64);
    range("queue-batches", queueBatches, 1, 1_000_000);
    range("max-series", maxSeries, 1, 100_000_000);
    range("max-anomalies", maxAnomalies, 1, 10_000_000);
    range("max-incidents", maxIncidents, 1, 1_000_000);
    range("max-subscribers", maxSubscribers, 1, 10_000);
    positive("incident-window", incidentWindow);
    positive("quiet-period", quietPeriod);
    positive("edge-ttl", edgeTtl);
  }

  /** With the default entity detection settings. */
  public LiveConfig(boolean enabled, int workers, int queueBatches, int maxSeries, int maxAnomalies,
      int maxIncidents, Duration incidentWindow, Duration quietPeriod, Duration edgeTtl, int maxSubscribers,
      DetectionConfig detection) {
    this(enabled, workers, queueBatches, maxSeries, maxAnomalies, maxIncidents, incidentWindow, quietPeriod, edgeTtl,
        maxSubscribers, detection, EntitySettings.defaults());
  }

  /** All defaults (see the class Javadoc). */
  public static LiveConfig defaults() {
    return new LiveConfig(true, 1, 1024, 10_000, 10_000, 1000, Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofMinutes(10), 32, DetectionConfig.empty());
  }

  /**
   * Binds the {@code detection:} section as parsed from YAML (maps, lists, strings, numbers); null means defaults.
   *
   * @throws ConfigException naming the key ({@code detection.<key>}) and what was wrong
   */
  public static LiveConfig fromMap(Map<String, ?> map) {
    LiveConfig d = defaults();
    ConfigSection section = ConfigSection.of(SECTION, map, KEYS);
    DetectionConfig rules;
    try {
      Map<String, Object> r = new LinkedHashMap<>();
      if (section.raw("rules") != null) {
        r.put("rules", section.raw("rules"));
      }
      rules = DetectionConfig.fromMap(r);
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(SECTION + ".rules", e.getMessage());
    }
    return new LiveConfig(section.bool("enabled", d.enabled), section.integer("workers", d.workers),
        section.integer("queue-batches", d.queueBatches), section.integer("max-series", d.maxSeries),
        section.integer("max-anomalies", d.maxAnomalies), section.integer("max-incidents", d.maxIncidents),
        section.duration("incident-window", d.incidentWindow), section.duration("quiet-period", d.quietPeriod),
        section.duration("edge-ttl", d.edgeTtl), section.integer("max-subscribers", d.maxSubscribers), rules,
        EntitySettings.fromMap(section.raw("entity")));
  }

  /** A copy with other detector rules. */
  public LiveConfig withDetection(DetectionConfig rules) {
    return new LiveConfig(enabled, workers, queueBatches, maxSeries, maxAnomalies, maxIncidents, incidentWindow,
        quietPeriod, edgeTtl, maxSubscribers, rules, entity);
  }

  /** A copy with other grouping times (tests). */
  public LiveConfig withGrouping(Duration window, Duration quiet) {
    return new LiveConfig(enabled, workers, queueBatches, maxSeries, maxAnomalies, maxIncidents, window, quiet,
        edgeTtl, maxSubscribers, detection, entity);
  }

  /** A copy with other queue bounds (tests, benchmark). */
  public LiveConfig withQueue(boolean enabled, int workers, int queueBatches) {
    return new LiveConfig(enabled, workers, queueBatches, maxSeries, maxAnomalies, maxIncidents, incidentWindow,
        quietPeriod, edgeTtl, maxSubscribers, detection, entity);
  }

  /** A copy with other entity detection settings. */
  public LiveConfig withEntity(EntitySettings newEntity) {
    return new LiveConfig(enabled, workers, queueBatches, maxSeries, maxAnomalies, maxIncidents, incidentWindow,
        quietPeriod, edgeTtl, maxSubscribers, detection, newEntity);
  }

  private static void range(String key, int v, int min, int max) {
    ConfigException.requireBetween(SECTION + "." + key, v, min, max);
  }

  private static void positive(String key, Duration d) {
    ConfigException.requirePositive(SECTION + "." + key, d);
  }
}
