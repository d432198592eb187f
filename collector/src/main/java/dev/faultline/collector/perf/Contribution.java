package dev.faultline.collector.perf;

/**
 * The share of a predicted p99 change due to one resource (the sum over its features).
 *
 * @param resource the resource label ({@link FeatureSpec#resource()}), or {@code requestRate} for the direct effect
 *     of the rate itself
 * @param feature the resource's feature with the largest contribution
 * @param deltaP99Millis contribution to the p99 change, in milliseconds (negative when it lowers latency)
 * @param share {@code deltaP99Millis} divided by the sum of the positive contributions (0 when there are none)
 * @param currentValue the feature's value at the current load (as fitted on the load)
 * @param predictedValue the feature's value at the what-if load
 */
public record Contribution(
    String resource, String feature, double deltaP99Millis, double share, double currentValue,
    double predictedValue) {}
