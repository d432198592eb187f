package dev.faultline.collector.security;

import dev.faultline.collector.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a secret (a token) comes from: a file ({@code token-file: /etc/faultline/secrets/x}, first line, surrounding
 * white space trimmed) or an environment variable ({@code token-env: NAME}). Tokens are never written in the config
 * file itself, so that the file can be shown, diffed and committed. {@link #toString()} names the source, never the
 * value.
 *
 * @param key the dotted config key the source was given under, for error messages
 * @param file the file, or null
 * @param env the environment variable name, or null
 */
public record SecretSource(String key, Path file, String env) {

  /** Shortest accepted secret: a guessable token is no protection. */
  static final int MIN_LENGTH = 16;

  public SecretSource {
    if ((file == null) == (env == null)) {
      throw new IllegalArgumentException("exactly one of file and env");
    }
  }

  public static SecretSource file(String key, Path file) {
    return new SecretSource(key, file, null);
  }

  public static SecretSource env(String key, String name) {
    return new SecretSource(key, null, name);
  }

  /** Reads the secret from the real file system and environment. */
  public String read() {
    return read(System::getenv);
  }

  /**
   * Reads the secret.
   *
   * @param environment looks up an environment variable (null when unset)
   * @throws ConfigException naming the key and the source when the secret is missing, unreadable or too short
   */
  public String read(Function<String, String> environment) {
    String value;
    if (file != null) {
      try {
        value = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      } catch (NoSuchFileException e) {
        throw ConfigException.of(key, "token file " + file + " does not exist");
      } catch (AccessDeniedException e) {
        throw ConfigException.of(key, "token file " + file + " is not readable by this user");
      } catch (IOException e) {
        throw ConfigException.of(key, "cannot read token file " + file + ": " + e.getMessage());
      }
    } else {
      value = environment.apply(env);
      if (value == null) {
        throw ConfigException.of(key, "environment variable " + env + " is not set");
      }
      value = value.strip();
    }
    if (value.length() < MIN_LENGTH) {
      throw ConfigException.of(key, (value.isEmpty() ? "the token from " + this + " is empty"
          : "the token from " + this + " is shorter than " + MIN_LENGTH + " characters")
          + "; generate one with `openssl rand -hex 32`");
    }
    return value;
  }

  /**
   * Binds {@code token-file} or {@code token-env} of one entry.
   *
   * @param key the entry's dotted key, e.g. {@code security.agent-tokens[0]}
   */
  public static SecretSource fromMap(String key, Map<String, ?> entry) {
    Object file = entry.get("token-file");
    Object env = entry.get("token-env");
    if (file != null && env != null) {
      throw ConfigException.of(key, "give either token-file or token-env, not both");
    }
    if (file == null && env == null) {
      throw ConfigException.of(key, "needs token-file: PATH or token-env: VARIABLE (tokens are never written in"
          + " the config file)");
    }
    if (file != null) {
      String path = String.valueOf(file).strip();
      if (path.isEmpty()) {
        throw ConfigException.of(key + ".token-file", "must be a file path");
      }
      return file(key + ".token-file", Path.of(path));
    }
    String name = String.valueOf(env).strip();
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw ConfigException.invalid(key + ".token-env", name, "an environment variable name");
    }
    return env(key + ".token-env", name);
  }

  @Override
  public String toString() {
    return file != null ? "file " + file : "environment variable " + env;
  }
}
