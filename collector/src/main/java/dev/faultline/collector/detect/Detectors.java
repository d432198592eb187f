package dev.faultline.collector.detect;

import dev.faultline.collector.detect.combine.AlertPolicy;
import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.detect.combine.CompositeDetector;
import dev.faultline.collector.detect.combine.SurpriseNormalizer;
import dev.faultline.collector.detect.stat.ContextNoveltyDetector;
import dev.faultline.collector.detect.stat.CusumDetector;
import dev.faultline.collector.detect.stat.EwmaDetector;
import dev.faultline.collector.detect.stat.MedianShiftDetector;
import dev.faultline.collector.detect.stat.RobustZScoreDetector;
import dev.faultline.collector.detect.stat.RollingZScoreDetector;
import dev.faultline.collector.detect.stat.ScaleFloor;
import dev.faultline.collector.detect.stat.SeasonalDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registry of per-series detectors by name, and the pipelines used with no configuration.
 *
 * <p>Names: {@code zscore}, {@code robust-zscore}, {@code ewma}, {@code seasonal}, {@code cusum}, {@code
 * median-shift}, {@code context} ({@link ContextNoveltyDetector}, novelty of the recent shape), and {@code default}:
 * the default set, the weighted maximum of two calibrated members, each re-scored by its own {@link
 * SurpriseNormalizer}: a level member {@code ewma&seasonal} (a point must be unusual against the recent EWMA baseline
 * AND against the time-of-day profile) and a shape member {@code context} at weight {@link #DEFAULT_SHAPE_WEIGHT}
 * (the recent sequence of values has not been seen before). Surprise re-scoring before the maximum puts both on
 * the same scale: unusual for how this member usually scores on this series. Expressions combine names: {@code a+b} is the weighted maximum ({@link CompositeDetector.Mode#MAX})
 * and {@code a&b} the minimum ({@link CompositeDetector.Mode#MIN}); {@code +} binds looser than {@code &}.
 *
 * <p>Parameters are optional, keyed {@code <name>.<parameter>}, {@code surprise.<parameter>} or {@code
 * alert.<parameter>}; see {@link #create(String, Map)} and {@link #pipeline(String, Map)}. Unknown names or keys are
 * rejected with a message naming them.
 *
 * <pre>{@code
 * Detector d = Detectors.create("robust-zscore");                 // one detector, raw score
 * AlertingDetector live = Detectors.forMetric("jvm.gc.pause.p99"); // default set + alert state
 * }</pre>
 */
public final class Detectors {

  /** Name of the default set. */
  public static final String DEFAULT = "default";

  /** The level member of {@link #DEFAULT}, before surprise re-scoring. */
  public static final String DEFAULT_EXPRESSION = "ewma&seasonal";

  /** The shape member of {@link #DEFAULT}, before surprise re-scoring. */
  public static final String DEFAULT_SHAPE_EXPRESSION = "context";

  /** Weight of the shape member in {@link #DEFAULT} ({@code default.shapeWeight}). */
  public static final double DEFAULT_SHAPE_WEIGHT = 0.7;

  private static final int CONTEXT_WARMUP = 256;

  private static final List<String> NAMES = List.of("zscore", "robust-zscore", "ewma", "seasonal", "cusum",
      "median-shift", "context", DEFAULT);
  private static final List<String> PARAMS = List.of("window", "warmup", "alpha", "k", "h", "slotsPerDay",
      "neighbours", "clip", "deadZone", "halfAt", "relativeFloor", "short", "bins", "order",
      "shapeWeight");
  private static final List<String> ALERT_PARAMS = List.of("raise", "clear", "raiseAfter", "clearAfter", "minOpen",
      "suppressedWeight", "peakHalfLife");
  private static final List<String> SURPRISE_PARAMS = List.of("enabled", "shortWindow", "alpha", "warmup",
      "deadZone", "halfAt", "peakWeight", "peakHalfLife");

  private Detectors() {}

  /** All single names {@link #create(String)} accepts. */
  public static List<String> names() {
    return NAMES;
  }

  /** Creates a detector (or expression) with default parameters. */
  public static Detector create(String name) {
    return create(name, Map.of());
  }

  /**
   * Creates a detector from a name or expression. Recognised parameters (all optional, defaults in brackets):
   * {@code zscore.window} [128], {@code robust-zscore.window} [256], {@code ewma.alpha} [0.01], {@code cusum.alpha}
   * [0.01], {@code cusum.k} [0.5], {@code cusum.h} [8], {@code seasonal.slotsPerDay} [288, i.e. 5 minutes], {@code
   * seasonal.neighbours} [2], {@code seasonal.alpha} [0.1], {@code seasonal.clip} [0 = learn spikes as is], {@code
   * median-shift.short} [12], {@code median-shift.window} [256], {@code context.bins} [6], {@code context.order}
   * [3], {@code default.shapeWeight} [0.7; 0 = the level member only], {@code
   * <name>.warmup} [128; 24 for seasonal, 256 for context], {@code <name>.deadZone} [3; 0.5 for cusum] and {@code <name>.halfAt} [3;
   * 0.5 for cusum, so a declared change scores 0.5] of the score mapping, {@code <name>.relativeFloor} [0.005] of the scale floor; for {@code default}
   * also the {@code surprise.*} keys of {@link #pipeline}.
   *
   * @throws IllegalArgumentException for an unknown name or parameter key, or an invalid value
   */
  public static Detector create(String name, Map<String, Double> params) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(params, "params");
    checkKeys(params);
    if (name.indexOf('+') > 0) {
      return composite(List.of(name.split("\\+")), params, CompositeDetector.Mode.MAX);
    }
    if (name.indexOf('&') > 0) {
      return composite(List.of(name.split("&")), params, CompositeDetector.Mode.MIN);
    }
    Params p = new Params(name, params);
    return switch (name) {
      case "zscore" -> new RollingZScoreDetector(p.i("window", 128), p.i("warmup", 128), p.mapping(3, 3), p.floor());
      case "robust-zscore" -> new RobustZScoreDetector(p.i("window", 256), p.i("warmup", 128), p.mapping(3, 3),
          p.floor());
      case "ewma" -> new EwmaDetector(p.d("alpha", 0.01), 4.0, p.i("warmup", 128), p.mapping(3, 3), p.floor());
      case "seasonal" -> new SeasonalDetector(p.i("slotsPerDay", 288), 0, p.d("alpha", 0.1), 3, p.d("clip", 0),
          p.i("neighbours", 2), p.i("warmup", 24), p.mapping(3, 3), p.floor());
      case "cusum" -> new CusumDetector(p.d("alpha", 0.01), p.d("k", 0.5), p.d("h", 8), p.i("warmup", 128),
          p.mapping(0.5, 0.5), p.floor());
      case "median-shift" -> new MedianShiftDetector(p.i("short", 12), p.i("window", 256), p.i("warmup", 128),
          p.mapping(3, 3), p.floor());
      case "context" -> new ContextNoveltyDetector(p.i("bins", 6), p.i("order", 3),
          ContextNoveltyDetector.DEFAULT_TABLE_BITS, p.i("warmup", CONTEXT_WARMUP));
      case DEFAULT -> defaultSet(params);
      default -> throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + NAMES
          + " (combined with + or &)");
    };
  }

  /** A {@link CompositeDetector} of the named detectors (all weights 1) combined by {@code mode}. */
  public static Detector composite(List<String> names, Map<String, Double> params, CompositeDetector.Mode mode) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("names must not be empty");
    }
    if (names.size() == 1) {
      return create(names.get(0), params);
    }
    List<Detector> members = new ArrayList<>();
    for (String n : names) {
      members.add(create(n.trim(), params));
    }
    double[] w = new double[members.size()];
    Arrays.fill(w, 1.0);
    return new CompositeDetector(members, w, mode);
  }

  /**
   * The per-series pipeline: the named detector (or expression), re-scored by a {@link SurpriseNormalizer} if
   * {@code surprise.enabled} is 1 (the {@code default} name always is), behind an alert tracker. Keys: {@code
   * alert.raise}, {@code alert.clear}, {@code alert.raiseAfter}, {@code alert.clearAfter}, {@code alert.minOpen},
   * {@code alert.suppressedWeight}, {@code alert.peakHalfLife} (defaults: {@link AlertPolicy#DEFAULT}); {@code
   * surprise.enabled} [0], {@code surprise.shortWindow} [3], {@code surprise.alpha} [0.01], {@code surprise.warmup}
   * [128], {@code surprise.deadZone} [0], {@code surprise.halfAt} [3], {@code surprise.peakWeight} [0.2], {@code
   * surprise.peakHalfLife} [1000].
   */
  public static AlertingDetector pipeline(String name, Map<String, Double> params) {
    return pipeline(name, params, policy(params, AlertPolicy.DEFAULT));
  }

  /** As {@link #pipeline(String, Map)} with an explicit alert policy ({@code alert.*} keys are ignored). */
  public static AlertingDetector pipeline(String name, Map<String, Double> params, AlertPolicy policy) {
    Detector d = create(name, params);
    if (!name.equals(DEFAULT) && new Params("surprise", params).d("enabled", 0) != 0) {
      d = surprise(d, params);
    }
    return new AlertingDetector(d, policy);
  }

  /**
   * The zero-configuration pipeline for a metric: the default expression of its inferred {@link MetricKind},
   * surprise re-scoring, and an alert tracker with {@link AlertPolicy#DEFAULT}.
   */
  public static AlertingDetector forMetric(String metricName) {
    return forKind(MetricKind.infer(metricName));
  }

  /** The zero-configuration pipeline of a {@link MetricKind} (see {@link #forMetric}). */
  public static AlertingDetector forKind(MetricKind kind) {
    return pipeline(kind.defaultExpression(), Map.of("surprise.enabled", 1.0));
  }

  /** Alert policy from {@code alert.*} keys over a base policy. */
  public static AlertPolicy policy(Map<String, Double> params, AlertPolicy base) {
    checkKeys(params);
    Params a = new Params("alert", params);
    return new AlertPolicy(a.d("raise", base.raise()), a.d("clear", base.clear()),
        a.i("raiseAfter", base.raiseAfter()), a.i("clearAfter", base.clearAfter()),
        a.i("minOpen", base.minOpenPoints()), a.d("suppressedWeight", base.suppressedWeight()),
        a.i("peakHalfLife", base.peakHalfLifePoints()));
  }

  private static Detector defaultSet(Map<String, Double> params) {
    // each member's re-scoring starts after its inner warm-up, so it does not learn the warm-up zeros as normal
    // (a single detector's warm-up is known; for the level member's minimum it is the longer of the two)
    int levelWarmup = Math.max(new Params("ewma", params).i("warmup", 128), new Params("seasonal", params).i("warmup",
        24));
    Detector level = surprise(create(DEFAULT_EXPRESSION, params), params).skippingInnerWarmup(levelWarmup);
    double w = new Params(DEFAULT, params).d("shapeWeight", DEFAULT_SHAPE_WEIGHT);
    if (!(w >= 0 && w <= 1)) {
      throw new IllegalArgumentException("default.shapeWeight must be in [0, 1], was " + w);
    }
    if (w == 0) {
      return level;
    }
    Detector shape = surprise(create(DEFAULT_SHAPE_EXPRESSION, params), params);
    return new CompositeDetector(List.of(level, shape), new double[] {1.0, w}, CompositeDetector.Mode.MAX);
  }

  private static SurpriseNormalizer surprise(Detector inner, Map<String, Double> params) {
    Params s = new Params("surprise", params);
    return new SurpriseNormalizer(inner, s.i("shortWindow", 3), s.d("alpha", 0.01), 0.01, s.i("warmup", 128),
        s.mapping(0, 3)).withPeakMemory(s.d("peakWeight", 0.2), s.i("peakHalfLife", 1000))
        .skippingInnerWarmup(inner instanceof BaseDetector b ? b.warmupPoints() : 0);
  }

  private static void checkKeys(Map<String, Double> params) {
    for (String key : params.keySet()) {
      int dot = key.indexOf('.');
      String owner = dot < 0 ? "" : key.substring(0, dot);
      String param = key.substring(dot + 1);
      boolean ok = NAMES.contains(owner) && PARAMS.contains(param)
          || owner.equals("alert") && ALERT_PARAMS.contains(param)
          || owner.equals("surprise") && SURPRISE_PARAMS.contains(param);
      if (!ok) {
        throw new IllegalArgumentException("unknown detector parameter '" + key + "'; expected <detector>.<one of "
            + PARAMS + ">, alert.<one of " + ALERT_PARAMS + "> or surprise.<one of " + SURPRISE_PARAMS + ">");
      }
    }
  }

  private record Params(String name, Map<String, Double> values) {
    double d(String key, double dflt) {
      Double v = values.get(name + "." + key);
      return v == null ? dflt : v;
    }

    int i(String key, int dflt) {
      double v = d(key, dflt);
      if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + "." + key + " must be a non-negative whole number, was " + v);
      }
      return (int) v;
    }

    ScoreMapping mapping(double deadZone, double halfAt) {
      return ScoreMapping.saturating(d("deadZone", deadZone), d("halfAt", halfAt));
    }

    ScaleFloor floor() {
      return new ScaleFloor(1e-9, d("relativeFloor", ScaleFloor.DEFAULT.relative()));
    }
  }
}
