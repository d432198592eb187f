package dev.faultline.collector.cli;

import java.util.Map;

/**
 * The environment variables the client reads ({@code FAULTLINE_*}, {@code XDG_CONFIG_HOME}, {@code HOME}). A seam so
 * that in-process tests can give the command line an environment without touching the real one.
 */
final class ClientEnvironment {

  private static volatile Map<String, String> override;

  private ClientEnvironment() {}

  static Map<String, String> get() {
    Map<String, String> o = override;
    return o != null ? o : System.getenv();
  }

  /** Visible for testing: replaces the environment until {@link #reset()}. */
  static void set(Map<String, String> environment) {
    override = Map.copyOf(environment);
  }

  /** Visible for testing. */
  static void reset() {
    override = null;
  }
}
