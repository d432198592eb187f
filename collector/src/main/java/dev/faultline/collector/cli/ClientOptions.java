package dev.faultline.collector.cli;

import picocli.CommandLine.Option;

/** Options every client command shares. */
final class ClientOptions {

  @Option(names = "--address", paramLabel = "HOST:PORT", defaultValue = "${env:FAULTLINE_ADDRESS:-127.0.0.1:9471}",
      description = "Collector query address (default: $FAULTLINE_ADDRESS or 127.0.0.1:9471; now ${DEFAULT-VALUE}).")
  String address;

  @Option(names = "--json", description = "Print the collector's JSON answer instead of a table.")
  boolean json;
}
