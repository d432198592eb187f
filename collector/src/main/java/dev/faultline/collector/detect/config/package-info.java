/**
 * Detector configuration per metric pattern: {@link dev.faultline.collector.detect.config.DetectionConfig} (ordered
 * rules, parsed from a Map as bound from YAML) and {@link dev.faultline.collector.detect.config.DetectorRule}.
 */
package dev.faultline.collector.detect.config;
