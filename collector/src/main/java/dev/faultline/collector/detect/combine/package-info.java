/**
 * Combining detector scores: {@link dev.faultline.collector.detect.combine.CompositeDetector} (weighted maximum of
 * several detectors), {@link dev.faultline.collector.detect.combine.AlertTracker} (alert state with hysteresis and
 * suppression) and {@link dev.faultline.collector.detect.combine.AlertingDetector} (both, as one Detector: the
 * pipeline the live collector and the {@code detect} backtest both run).
 */
package dev.faultline.collector.detect.combine;
