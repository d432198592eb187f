/**
 * Streaming anomaly detection: the {@link dev.faultline.collector.detect.Detector} contract, its flat form {@link
 * dev.faultline.collector.detect.FlatDetector} (parameters in the object, per-series state in the caller's
 * primitive arrays), the registry {@link dev.faultline.collector.detect.Detectors}, score mappings and the shared
 * base classes.
 *
 * <p>Families of implementations live in sibling packages: {@code stat} (per-series statistical detectors),
 * {@code combine} (combining scores into an alert state with hysteresis), {@code cluster} (per-entity,
 * multi-series models retrained in the background), {@code config} (per-metric-pattern configuration) and
 * {@code backtest} (the offline runner behind the {@code detect} command). Nothing here is thread-safe unless
 * its Javadoc says so: a detector used as a {@code Detector} is one series, fed by one thread; used as a {@code
 * FlatDetector} it is immutable and shared, and each series' state arrays are fed by one thread.
 *
 * <p>Wiring in the live collector (the daemon owns threads and config; this package owns none):
 * <pre>{@code
 * DetectionConfig config = DetectionConfig.fromMap(yamlMap);          // or DetectionConfig.empty()
 * // one pipeline per rule or metric kind, shared; per series two arrays (bounded, no allocation per point):
 * AlertingDetector d = config.shared(metricName);                     // rule match, else Detectors.forMetric
 * double[] state = new double[d.doubles()];                           // created on first sight, kept with the series
 * byte[] counts = new byte[d.bytes()];
 * d.init(state, 0);
 * double score = d.update(state, 0, counts, 0, sampleTimestampMillis, value); // on a detection worker
 * if (d.justOpened(state, 0)) { incidents.open(series, score); }      // d.state(state, 0): OK/PENDING/FIRING/...
 * // one series alone (the detect command, tests): config.create(metricName).update(timestampMillis, value)
 * // per entity (host or instance), over several series at once:
 * BackgroundRetrainer r = new BackgroundRetrainer(IsolationForest.trainer(100, 256, 0.99), trainingPool, seed);
 * EntityDetector e = new RetrainingEntityDetector(5, 1440, 360, 360, r); // training runs on trainingPool
 * double entityScore = e.update(ts, new double[] {p99, errorRatio, rps, cpu, gcTime});
 * }</pre>
 */
package dev.faultline.collector.detect;
