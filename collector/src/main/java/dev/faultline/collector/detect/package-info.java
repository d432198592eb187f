/**
 * Streaming anomaly detection: the {@link dev.faultline.collector.detect.Detector} contract, the registry
 * {@link dev.faultline.collector.detect.Detectors}, score mappings and the shared base class.
 *
 * <p>Families of implementations live in sibling packages: {@code stat} (per-series statistical detectors),
 * {@code combine} (combining scores into an alert state with hysteresis), {@code cluster} (per-entity,
 * multi-series models retrained in the background), {@code config} (per-metric-pattern configuration) and
 * {@code backtest} (the offline runner behind the {@code detect} command). Nothing here is thread-safe unless
 * its Javadoc says so: one detector instance per series, fed by one thread.
 */
package dev.faultline.collector.detect;
