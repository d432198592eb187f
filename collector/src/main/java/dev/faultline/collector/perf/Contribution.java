package dev.faultline.collector.perf;

/**
 * One resource in a what-if: its share of the predicted p99 change (the sum over its features) and how close it runs
 * to saturation ({@link Headroom}).
 *
 * @param resource the resource label ({@link FeatureSpec#resource()}), or {@code requestRate} for the direct effect
 *     of the rate itself
 * @param feature the resource's feature nearest saturation at the what-if load (largest {@link
 *     Headroom#queueGrowth}; a utilisation feature when the resource has one), else its feature with the largest
 *     contribution
 * @param deltaP99Millis contribution to the p99 change, in milliseconds (negative when it lowers latency)
 * @param share {@code deltaP99Millis} divided by the sum of the positive contributions (0 when there are none)
 * @param currentValue the feature's value at the current load (as fitted on the load)
 * @param predictedValue the feature's value at the what-if load
 * @param currentUtilisation the feature's utilisation at the current load (implied for a quantity)
 * @param predictedUtilisation the feature's utilisation at the what-if load
 */
public record Contribution(
    String resource, String feature, double deltaP99Millis, double share, double currentValue,
    double predictedValue, double currentUtilisation, double predictedUtilisation) {

  /** Growth of the M/M/1 queueing term between the two utilisations ({@link Headroom#queueGrowth}). */
  public double queueGrowth() {
    return Headroom.queueGrowth(new double[] {currentUtilisation, predictedUtilisation});
  }
}
