package dev.faultline.collector.perf;

/**
 * Diagnostic of one feature in a what-if: its value, its utilisation ({@link Headroom}) and its share of the p99
 * prediction at the current and at the what-if load. Contributions are the p99 model's attribution of the
 * prediction's rise from the zero-load input ({@link ServicePerfModel#inputAt inputAt(0)}), so they show how much of
 * the predicted latency each fitted term carries at either load.
 *
 * @param feature the feature name, or {@code requestRate}
 * @param resource its resource label
 * @param currentValue value at the current load (as fitted on the load)
 * @param predictedValue value at the what-if load
 * @param currentUtilisation utilisation at the current load (implied for a quantity; 0 for the request rate)
 * @param predictedUtilisation utilisation at the what-if load
 * @param currentP99Millis the term's contribution to p99 at the current load, in milliseconds
 * @param predictedP99Millis the term's contribution to p99 at the what-if load, in milliseconds
 */
public record FeatureEffect(
    String feature, String resource, double currentValue, double predictedValue, double currentUtilisation,
    double predictedUtilisation, double currentP99Millis, double predictedP99Millis) {}
