package dev.faultline.collector.detect.config;

import dev.faultline.collector.detect.Detectors;
import dev.faultline.collector.detect.combine.AlertPolicy;
import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.detect.MetricKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which detectors and thresholds each metric gets: ordered {@link DetectorRule}s, first match wins; a metric that
 * matches no rule gets {@link Detectors#forMetric} (the zero-configuration default for its kind).
 *
 * <p>Bound from YAML (or any Map) as:
 * <pre>{@code
 * rules:
 *   - pattern: "http.server.*.p99"     # glob: * any characters, ? one
 *     detectors: [default]             # names or expressions (a+b: max, a&b: min)
 *     raise: 0.6                       # alert threshold (default 0.5)
 *     clear: 0.4                       # hysteresis: close below this (default 0.3)
 *     raiseAfter: 2                    # consecutive points to open (default 1)
 *     clearAfter: 10                   # consecutive points to close (default 10)
 *     params: {ewma.alpha: 0.05}       # detector parameters, see Detectors
 *   - pattern: "jvm.gc.*"
 *     detectors: [ewma, cusum]
 * }</pre>
 * Everything is validated at load: unknown keys, unknown detector names or parameters, and bad thresholds fail with a
 * message naming the rule index and key. Immutable and thread-safe; patterns are compiled once.
 */
public final class DetectionConfig {

  private static final Set<String> RULE_KEYS = Set.of("pattern", "detectors", "raise", "clear", "raiseAfter",
      "clearAfter", "minOpen", "params");

  private final List<DetectorRule> rules;
  private final List<Pattern> patterns;
  /** One pipeline per rule and per metric kind, shared by all their series (each keeps its own state arrays). */
  private final List<AlertingDetector> rulePipelines;
  private final Map<MetricKind, AlertingDetector> kindPipelines = new EnumMap<>(MetricKind.class);

  public DetectionConfig(List<DetectorRule> rules) {
    this.rules = List.copyOf(rules);
    List<Pattern> ps = new ArrayList<>();
    List<AlertingDetector> pipelines = new ArrayList<>();
    for (DetectorRule r : this.rules) {
      ps.add(DetectorRule.compile(r.pattern()));
      pipelines.add(pipeline(r));
    }
    this.patterns = List.copyOf(ps);
    this.rulePipelines = List.copyOf(pipelines);
    for (MetricKind kind : MetricKind.values()) {
      kindPipelines.put(kind, Detectors.forKind(kind));
    }
  }

  /** Equal when the rules are: a reload with the same rules keeps the detectors' state. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DetectionConfig other && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return rules.size() + " rules";
  }

  /** No rules: every metric gets its zero-configuration default. */
  public static DetectionConfig empty() {
    return new DetectionConfig(List.of());
  }

  /**
   * Parses {@code {rules: [ {pattern, detectors, ...}, ... ]}} as bound by Jackson/SnakeYAML (lists, maps, strings,
   * numbers). A missing {@code rules} key means no rules.
   *
   * @throws IllegalArgumentException naming the offending rule index and key
   */
  public static DetectionConfig fromMap(Map<String, ?> map) {
    Objects.requireNonNull(map, "map");
    for (String k : map.keySet()) {
      if (!k.equals("rules")) {
        throw new IllegalArgumentException("unknown detection config key '" + k + "'; expected 'rules'");
      }
    }
    Object raw = map.get("rules");
    if (raw == null) {
      return empty();
    }
    if (!(raw instanceof List<?> list)) {
      throw new IllegalArgumentException("rules must be a list, was " + raw.getClass().getSimpleName());
    }
    List<DetectorRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      rules.add(parseRule(i, list.get(i)));
    }
    return new DetectionConfig(rules);
  }

  private static DetectorRule parseRule(int i, Object o) {
    String where = "rules[" + i + "]";
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(where + " must be a map");
    }
    for (Object k : m.keySet()) {
      if (!RULE_KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(where + ": unknown key '" + k + "'; expected one of " + RULE_KEYS);
      }
    }
    if (!(m.get("pattern") instanceof String pattern) || pattern.isEmpty()) {
      throw new IllegalArgumentException(where + ".pattern must be a non-empty string");
    }
    List<String> detectors = new ArrayList<>();
    Object ds = m.get("detectors");
    if (ds instanceof String s) {
      detectors.add(s);
    } else if (ds instanceof List<?> l && !l.isEmpty()) {
      l.forEach(x -> detectors.add(String.valueOf(x)));
    } else {
      throw new IllegalArgumentException(where + ".detectors must be a name or a non-empty list of names");
    }
    Map<String, Double> params = new LinkedHashMap<>();
    if (m.get("params") instanceof Map<?, ?> pm) {
      pm.forEach((k, v) -> params.put(String.valueOf(k), number(where + ".params." + k, v)));
    } else if (m.get("params") != null) {
      throw new IllegalArgumentException(where + ".params must be a map of numbers");
    }
    AlertPolicy d = AlertPolicy.DEFAULT;
    AlertPolicy policy;
    try {
      policy = new AlertPolicy(num(m, where, "raise", d.raise()), num(m, where, "clear", d.clear()),
          (int) num(m, where, "raiseAfter", d.raiseAfter()), (int) num(m, where, "clearAfter", d.clearAfter()),
          (int) num(m, where, "minOpen", d.minOpenPoints()), d.suppressedWeight(), d.peakHalfLifePoints());
      DetectorRule rule = new DetectorRule(pattern, detectors, params, policy);
      for (String name : detectors) {
        Detectors.create(name, params); // validates names and parameter keys now, not at the first sample
      }
      return rule;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static double num(Map<?, ?> m, String where, String key, double dflt) {
    Object v = m.get(key);
    return v == null ? dflt : number(where + "." + key, v);
  }

  private static double number(String where, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " must be a number, was '" + v + "'", e);
    }
  }

  /** The first rule matching {@code metricName}, or null. */
  public DetectorRule ruleFor(String metricName) {
    for (int i = 0; i < rules.size(); i++) {
      if (patterns.get(i).matcher(metricName).matches()) {
        return rules.get(i);
      }
    }
    return null;
  }

  /** A new per-series pipeline for {@code metricName}: the matching rule's, else the default for its kind. */
  public AlertingDetector create(String metricName) {
    DetectorRule rule = ruleFor(metricName);
    if (rule == null) {
      return Detectors.forMetric(metricName);
    }
    return pipeline(rule);
  }

  /**
   * The pipeline for {@code metricName} (as {@link #create}), shared by every series of its rule or kind: use it
   * only through its {@link dev.faultline.collector.detect.FlatDetector} methods, with a state per series. The
   * live collector does, so that a series costs two arrays rather than a graph of detector objects.
   */
  public AlertingDetector shared(String metricName) {
    for (int i = 0; i < rules.size(); i++) {
      if (patterns.get(i).matcher(metricName).matches()) {
        return rulePipelines.get(i);
      }
    }
    return kindPipelines.get(MetricKind.infer(metricName));
  }

  private static AlertingDetector pipeline(DetectorRule rule) {
    return Detectors.pipeline(String.join("+", rule.detectors()), rule.params(), rule.policy());
  }

  public List<DetectorRule> rules() {
    return rules;
  }
}
