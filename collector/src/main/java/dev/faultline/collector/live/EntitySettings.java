package dev.faultline.collector.live;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigSection;
import java.time.Duration;
import java.util.List;

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
    ConfigSection section = ConfigSection.of(SECTION, value, KEYS);
    return new EntitySettings(section.bool("enabled", d.enabled), section.duration("step", d.step),
        section.integer("window", d.window), section.integer("min-rows", d.minRows),
        section.integer("retrain-every", d.retrainEvery));
  }

  private static void range(String key, int v, int min, int max) {
    ConfigException.requireBetween(SECTION + "." + key, v, min, max);
  }
}
