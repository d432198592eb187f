/**
 * The collector's configuration: an immutable {@link dev.faultline.collector.config.CollectorConfig}, read once at
 * startup by {@link dev.faultline.collector.config.ConfigLoader} from defaults, an optional YAML file and
 * command-line overrides (in that order of increasing precedence). Every error names its dotted key.
 */
package dev.faultline.collector.config;
