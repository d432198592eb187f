package dev.faultline.collector.perf;

import java.util.Objects;

/**
 * One resource feature of a service: its name as reported by the agent, its {@link FeatureKind}, and the resource it
 * measures. Several features may measure the same resource (heap use and GC time both measure "gc"); the bottleneck
 * is named per resource, summing the contributions of its features.
 *
 * @param name feature name, unique within a service, e.g. {@code cpu}, {@code dbPool}, {@code callee:orders}
 * @param kind how the feature relates to queueing
 * @param resource resource label used for the bottleneck, e.g. {@code cpu}, {@code gc}
 */
public record FeatureSpec(String name, FeatureKind kind, String resource) {

  /** Validates that no component is null or blank. */
  public FeatureSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resource, "resource");
    if (name.isBlank() || resource.isBlank()) {
      throw new IllegalArgumentException("name and resource must not be blank: name='" + name + "'");
    }
  }

  /** A feature that is its own resource. */
  public static FeatureSpec of(String name, FeatureKind kind) {
    return new FeatureSpec(name, kind, name);
  }
}
