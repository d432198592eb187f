package dev.faultline.collector.detect.config;

import dev.faultline.collector.detect.combine.AlertPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration rule: metrics whose name matches {@code pattern} use {@code detectors} (combined by maximum),
 * the given detector parameters, and the given alert thresholds.
 *
 * <p>Pattern syntax: a glob over the whole metric name, {@code *} matches any run of characters (dots included),
 * {@code ?} one character; everything else is literal.
 *
 * @param pattern the glob
 * @param detectors detector names or expressions for {@link dev.faultline.collector.detect.Detectors#create(String,
 *     Map)}, non-empty
 * @param params detector parameters ({@code <detector>.<param>}, {@code surprise.<param>})
 * @param policy alert thresholds and timing
 */
public record DetectorRule(String pattern, List<String> detectors, Map<String, Double> params, AlertPolicy policy) {

  public DetectorRule {
    Objects.requireNonNull(pattern, "pattern");
    detectors = List.copyOf(detectors);
    params = Map.copyOf(params);
    Objects.requireNonNull(policy, "policy");
    if (pattern.isEmpty() || detectors.isEmpty()) {
      throw new IllegalArgumentException("pattern and detectors must not be empty");
    }
  }

  /** True if the whole {@code metricName} matches the pattern. */
  public boolean matches(String metricName) {
    return compile(pattern).matcher(metricName).matches();
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString());
  }
}
