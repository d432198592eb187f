/**
 * Streaming anomaly detection: the {@link dev.faultline.collector.detect.Detector} contract, the registry
 * {@link dev.faultline.collector.detect.Detectors}, score mappings and the shared base class.
 *
 * <p>Families of implementations live in sibling packages: {@code stat} (per-series statistical detectors),
 * {@code combine} (combining scores into an alert state with hysteresis), {@code cluster} (per-entity,
 * multi-series models retrained in the background), {@code config} (per-metric-pattern configuration) and
 * {@code backtest} (the offline runner behind the {@code detect} command). Nothing here is thread-safe unless
 * its Javadoc says so: one detector instance per series, fed by one thread.
 *
 * <p>Wiring in the live collector (the daemon owns threads and config; this package owns none):
 * <pre>{@code
 * DetectionConfig config = DetectionConfig.fromMap(yamlMap);          // or DetectionConfig.empty()
 * // per series, created on first sight and kept with the series (bounded state, no allocation per point):
 * AlertingDetector d = config.create(metricName);                     // rule match, else Detectors.forMetric
 * double score = d.update(sampleTimestampMillis, value);              // on the detection worker, not the event loop
 * if (d.tracker().justOpened()) { incidents.open(series, score); }    // d.state(): OK/PENDING/FIRING/RESOLVING
 * // per entity (host or instance), over several series at once:
 * BackgroundRetrainer r = new BackgroundRetrainer(IsolationForest.trainer(100, 256, 0.99), trainingPool, seed);
 * EntityDetector e = new RetrainingEntityDetector(5, 1440, 360, 360, r); // training runs on trainingPool
 * double entityScore = e.update(ts, new double[] {p99, errorRatio, rps, cpu, gcTime});
 * }</pre>
 */
package dev.faultline.collector.detect;
