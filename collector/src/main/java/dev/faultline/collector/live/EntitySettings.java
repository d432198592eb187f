package dev.faultline.collector.live;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the per-entity clustering detectors: the {@code detection.entity:} section.
 *
 * <pre>
 * detection:
 *   entity:
 *     enabled: true        # k-means + isolation forest over each instance's / host's main series
 *     step: 10s            # one feature vector per entity per step (the latest value of each feature)
 *     window: 720          # vectors kept for training (720 x 10 s = 2 h)
 *     min-rows: 180        # vectors before the first model (the warm-up: 30 min at 10 s)
 *     retrain-every: 90    # vectors between retrainings (15 min at 10 s), in the background
 * </pre>
 *
 * @param step bucket of data time that gives one vector
 * @param window vectors in the training window
 * @param minRows vectors needed before the first model
 * @param retrainEvery vectors between retraining submissions
 */
public record EntitySettings(boolean enabled, Duration step, int window, int minRows, int retrainEvery) {

  static final String SECTION = LiveConfig.SECTION + ".entity";
  private static final List<String> KEYS = List.of("enabled", "step", "window", "min-rows", "retrain-every");

  public EntitySettings {
    if (step == null || step.isNegative() || step.isZero()) {
      throw ConfigException.invalid(SECTION + ".step", String.valueOf(step), "a positive duration");
    }
    range("window", window, 2, 100_000);
    range("min-rows", minRows, 2, window);
    range("retrain-every", retrainEvery, 1, 10_000_000);
  }

  public static EntitySettings defaults() {
    return new EntitySettings(true, Duration.ofSeconds(10), 720, 180, 90);
  }

  /** Binds the {@code detection.entity:} map; null means defaults. */
  static EntitySettings fromMap(Object value) {
    EntitySettings d = defaults();
    if (value == null) {
      return d;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ConfigException.invalid(SECTION, String.valueOf(value), "a section with keys " + String.join(", ", KEYS));
    }
    for (Object k : map.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw ConfigException.unknownKey(SECTION + "." + k, String.join(", ", KEYS));
      }
    }
    return new EntitySettings(bool(map.get("enabled"), d.enabled), duration(map.get("step"), d.step),
        integer(map.get("window"), "window", d.window), integer(map.get("min-rows"), "min-rows", d.minRows),
        integer(map.get("retrain-every"), "retrain-every", d.retrainEvery));
  }

  private static boolean bool(Object v, boolean dflt) {
    if (v == null) {
      return dflt;
    }
    String s = String.valueOf(v).trim();
    if (!s.equals("true") && !s.equals("false")) {
      throw ConfigException.invalid(SECTION + ".enabled", s, "true or false");
    }
    return Boolean.parseBoolean(s);
  }

  private static Duration duration(Object v, Duration dflt) {
    if (v == null) {
      return dflt;
    }
    try {
      return Durations.parse(String.valueOf(v).trim());
    } catch (RuntimeException e) {
      throw ConfigException.invalid(SECTION + ".step", String.valueOf(v), "a duration like 10s or 1m");
    }
  }

  private static int integer(Object v, String key, int dflt) {
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(SECTION + "." + key, String.valueOf(v), "a whole number");
    }
  }

  private static void range(String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw ConfigException.invalid(SECTION + "." + key, String.valueOf(v), "between " + min + " and " + max);
    }
  }
}
