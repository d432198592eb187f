package dev.faultline.collector.cli;

import picocli.CommandLine.Option;

/**
 * Options every client command shares. The collector address and token are resolved by {@link ClientSettings}:
 * flags, then environment, then the client config file, then the default.
 */
final class ClientOptions {

  @Option(names = {"--collector", "--address"}, paramLabel = "HOST:PORT",
      description = "Collector query address. Default: $FAULTLINE_COLLECTOR, else `collector:` in "
          + "$XDG_CONFIG_HOME/faultline/config.yaml (~/.config/faultline/config.yaml), else 127.0.0.1:9471.")
  String collector;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token for the query port. Default: $FAULTLINE_TOKEN, else `token:` in the config file. "
          + "Prefer those two: a flag is visible in the process list.")
  String token;

  @Option(names = "--json", description = "Print the collector's JSON answer instead of text.")
  boolean json;

  /** The effective settings for this run. */
  ClientSettings settings() throws ClientException {
    return ClientSettings.resolve(collector, token, ClientEnvironment.get());
  }
}
