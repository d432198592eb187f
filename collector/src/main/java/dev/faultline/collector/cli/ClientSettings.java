package dev.faultline.collector.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client connects and with which token. Each value is taken from the first source that sets it:
 *
 * <pre>
 * 1. flags            --collector [https://]HOST:PORT (alias --address), --token TOKEN, --ca-file PEM
 * 2. environment      FAULTLINE_COLLECTOR (legacy FAULTLINE_ADDRESS), FAULTLINE_TOKEN, FAULTLINE_CA_FILE
 * 3. config file      $XDG_CONFIG_HOME/faultline/config.yaml, else $HOME/.config/faultline/config.yaml
 *                     (keys: collector, token, ca-file)
 * 4. default          127.0.0.1:9471, no token
 * </pre>
 *
 * The file is read only when a flag and the environment leave a value unset. {@link #toString()} never shows the
 * token.
 *
 * @param collector HOST:PORT of the query port, or https://HOST:PORT when it speaks TLS
 * @param token bearer token, or null for none
 * @param caFile PEM file of the CA(s) that signed the query port's certificate, or null for the JDK's trust store
 */
record ClientSettings(String collector, String token, Path caFile) {

  ClientSettings(String collector, String token) {
    this(collector, token, null);
  }

  static final String DEFAULT_COLLECTOR = "127.0.0.1:9471";

  /** Resolves the settings from flag values (null when not given) and {@code env}. */
  static ClientSettings resolve(String flagCollector, String flagToken, Map<String, String> env)
      throws ClientException {
    return resolve(flagCollector, flagToken, null, env);
  }

  /** As above, with the CA file flag (null when not given). */
  static ClientSettings resolve(String flagCollector, String flagToken, String flagCaFile, Map<String, String> env)
      throws ClientException {
    String collector = first(flagCollector, env.get("FAULTLINE_COLLECTOR"), env.get("FAULTLINE_ADDRESS"));
    String token = first(flagToken, env.get("FAULTLINE_TOKEN"));
    String caFile = first(flagCaFile, env.get("FAULTLINE_CA_FILE"));
    if (collector == null || token == null || caFile == null) {
      Path file = configFile(env);
      ClientConfigFile config = file == null ? ClientConfigFile.EMPTY : ClientConfigFile.read(file);
      collector = first(collector, config.collector());
      token = first(token, config.token());
      caFile = first(caFile, config.caFile());
    }
    return new ClientSettings(collector == null ? DEFAULT_COLLECTOR : collector, token,
        caFile == null ? null : Path.of(caFile));
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
    return "ClientSettings[collector=" + collector + ", token=" + (token == null ? "none" : "(set)")
        + (caFile == null ? "" : ", caFile=" + caFile) + "]";
  }
}
