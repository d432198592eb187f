package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The client's own config file, a small YAML map; a missing file is the same as an empty one. Unknown keys are
 * errors, so that a typo does not silently fall back to the default collector.
 *
 * <pre>
 * # ~/.config/faultline/config.yaml
 * collector: ops-host:9471
 * token: s3cr3t          # keep the file private: chmod 600
 * </pre>
 *
 * @param collector HOST:PORT, or null
 * @param token bearer token, or null
 */
record ClientConfigFile(String collector, String token) {

  static final ClientConfigFile EMPTY = new ClientConfigFile(null, null);

  private static final Set<String> KEYS = Set.of("collector", "token");

  static ClientConfigFile read(Path file) throws ClientException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      return EMPTY;
    } catch (IOException e) {
      // The message of a YAML parse error may quote the line, which may hold the token: keep only the location.
      throw new ClientException("cannot read " + file + ": not a YAML map of collector/token"
          + location(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return EMPTY;
    }
    if (!root.isObject()) {
      throw new ClientException(file + ": expected a YAML map with the keys collector and token");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!KEYS.contains(key)) {
        throw new ClientException(file + ": unknown key '" + key + "'; expected collector or token");
      }
    }
    return new ClientConfigFile(text(root, "collector", file), text(root, "token", file));
  }

  private static String text(JsonNode root, String key, Path file) throws ClientException {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new ClientException(file + ": '" + key + "' must be a single value");
    }
    return v.asText();
  }

  private static String location(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
      return " (line " + p.getLocation().getLineNr() + ")";
    }
    return "";
  }
}
