package dev.faultline.collector.cli;

import java.util.Properties;

/**
 * Netty settings the collector's own start-up chooses before any Netty class is loaded, each only where the operator
 * has not set it: {@code -D} on the command line always wins.
 *
 * <p>Netty's resource leak detector is off: at its default level it takes a stack trace of about one buffer in 128,
 * which was 1.4 % of the ingest event loops' CPU at full rate (BENCHMARKS.md, branch ingest5), to report a leak that
 * tests and {@code -Dio.netty.leakDetection.level=paranoid} find instead.
 */
final class NettyDefaults {

  static final String LEAK_DETECTION_LEVEL = "io.netty.leakDetection.level";
  /** The name Netty still reads when the current one is unset. */
  static final String LEGACY_LEAK_DETECTION_LEVEL = "io.netty.leakDetectionLevel";

  private NettyDefaults() {}

  /** Applies the defaults to this JVM's system properties. */
  static void apply() {
    applyTo(System.getProperties());
  }

  static void applyTo(Properties properties) {
    if (properties.getProperty(LEAK_DETECTION_LEVEL) == null
        && properties.getProperty(LEGACY_LEAK_DETECTION_LEVEL) == null) {
      properties.setProperty(LEAK_DETECTION_LEVEL, "disabled");
    }
  }
}
