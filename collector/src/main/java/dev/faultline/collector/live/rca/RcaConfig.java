package dev.faultline.collector.live.rca;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigSection;
import dev.faultline.collector.config.Durations;
import dev.faultline.collector.rca.faulttree.FaultTree;
import dev.faultline.collector.rca.faulttree.FaultTreeLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of live root-cause analysis: the {@code rca:} section of the collector config. Immutable.
 *
 * <pre>
 * rca:
 *   enabled: true          # false: incidents are never ranked ("rca": "off")
 *   debounce: 2s           # at most one analysis per incident this often (bursts of anomalies coalesce)
 *   refresh: 30s           # an open incident is analysed again this often while its data grows
 *   baseline: 30m          # history before the incident's start used as its baseline
 *   max-services: 200      # services analysed per incident (the incident's, then call-graph neighbours)
 *   fault-trees: FILE      # optional YAML of fault trees (format of `rca --fault-trees`)
 * </pre>
 *
 * @param faultTrees the trees loaded from {@code faultTreesFile}; empty without one
 */
public record RcaConfig(boolean enabled, Duration debounce, Duration refresh, Duration baseline, int maxServices,
    Path faultTreesFile, List<FaultTree> faultTrees) {

  public static final String SECTION = "rca";

  private static final List<String> KEYS = List.of("enabled", "debounce", "refresh", "baseline", "max-services",
      "fault-trees");

  public RcaConfig {
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(baseline, "baseline");
    faultTrees = faultTrees == null ? List.of() : List.copyOf(faultTrees);
    if (debounce.isNegative()) {
      throw ConfigException.invalid(SECTION + ".debounce", Durations.format(debounce), "a duration >= 0");
    }
    if (refresh.isNegative() || refresh.isZero()) {
      throw ConfigException.invalid(SECTION + ".refresh", Durations.format(refresh), "a positive duration");
    }
    if (baseline.toSeconds() < 60) {
      throw ConfigException.invalid(SECTION + ".baseline", Durations.format(baseline), "a duration of at least 1m");
    }
    if (maxServices < 1 || maxServices > 100_000) {
      throw ConfigException.invalid(SECTION + ".max-services", String.valueOf(maxServices), "between 1 and 100000");
    }
  }

  public static RcaConfig defaults() {
    return new RcaConfig(true, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(30), 200, null,
        List.of());
  }

  /** A copy with other timings (tests). */
  public RcaConfig withTimings(Duration debounce, Duration refresh) {
    return new RcaConfig(enabled, debounce, refresh, baseline, maxServices, faultTreesFile, faultTrees);
  }

  /** A copy with fault trees (tests). */
  public RcaConfig withFaultTrees(List<FaultTree> trees) {
    return new RcaConfig(enabled, debounce, refresh, baseline, maxServices, faultTreesFile, trees);
  }

  /**
   * Binds the {@code rca:} section as parsed from YAML; null means defaults. The fault-tree file is read here, so
   * a bad tree fails at startup (and with {@code run --check-config}).
   *
   * @throws ConfigException naming the key ({@code rca.<key>}) and what was wrong
   */
  public static RcaConfig fromMap(Map<String, ?> map) {
    RcaConfig d = defaults();
    ConfigSection section = ConfigSection.of(SECTION, map, KEYS);
    Path file = null;
    List<FaultTree> trees = List.of();
    if (section.raw("fault-trees") != null) {
      try {
        file = Path.of(section.text("fault-trees", null));
        trees = FaultTreeLoader.load(file);
      } catch (RuntimeException e) {
        throw ConfigException.of(section.key("fault-trees"), e.getMessage());
      }
    }
    return new RcaConfig(section.bool("enabled", d.enabled), section.duration("debounce", d.debounce),
        section.duration("refresh", d.refresh), section.duration("baseline", d.baseline),
        section.integer("max-services", d.maxServices), file, trees);
  }
}
