package dev.faultline.collector.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client connects and with which token. Each value is taken from the first source that sets it:
 *
 * <pre>
 * 1. flags            --collector HOST:PORT (alias --address), --token TOKEN
 * 2. environment      FAULTLINE_COLLECTOR (legacy FAULTLINE_ADDRESS), FAULTLINE_TOKEN
 * 3. config file      $XDG_CONFIG_HOME/faultline/config.yaml, else $HOME/.config/faultline/config.yaml
 *                     (keys: collector, token)
 * 4. default          127.0.0.1:9471, no token
 * </pre>
 *
 * The file is read only when a flag and the environment leave a value unset. {@link #toString()} never shows the
 * token.
 *
 * @param collector HOST:PORT of the query port
 * @param token bearer token, or null for none
 */
record ClientSettings(String collector, String token) {

  static final String DEFAULT_COLLECTOR = "127.0.0.1:9471";

  /** Resolves the settings from flag values (null when not given) and {@code env}. */
  static ClientSettings resolve(String flagCollector, String flagToken, Map<String, String> env)
      throws ClientException {
    String collector = first(flagCollector, env.get("FAULTLINE_COLLECTOR"), env.get("FAULTLINE_ADDRESS"));
    String token = first(flagToken, env.get("FAULTLINE_TOKEN"));
    if (collector == null || token == null) {
      Path file = configFile(env);
      ClientConfigFile config = file == null ? ClientConfigFile.EMPTY : ClientConfigFile.read(file);
      collector = first(collector, config.collector());
      token = first(token, config.token());
    }
    return new ClientSettings(collector == null ? DEFAULT_COLLECTOR : collector, token);
  }

  /** The config file location, or null when neither XDG_CONFIG_HOME nor HOME nor user.home is known. */
  static Path configFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "faultline", "config.yaml");
    }
    String home = first(env.get("HOME"), System.getProperty("user.home"));
    return home == null ? null : Path.of(home, ".config", "faultline", "config.yaml");
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "ClientSettings[collector=" + collector + ", token=" + (token == null ? "none" : "(set)") + "]";
  }
}
