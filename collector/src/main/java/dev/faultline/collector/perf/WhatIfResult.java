package dev.faultline.collector.perf;

import java.util.List;

/**
 * The answer to "what happens at {@code loadMultiple} times the current traffic", JSON-ready (a record of numbers,
 * strings and lists; Jackson serialises it as is). Served by {@code GET /api/v1/services/{name}/whatif?load=2.0} and
 * {@code faultline whatif SERVICE --load 2x}.
 *
 * @param service the service
 * @param loadMultiple the requested multiple of the current request rate
 * @param currentRatePerSecond the current request rate (median of the latest rows of the training window)
 * @param ratePerSecond {@code loadMultiple * currentRatePerSecond}
 * @param currentP50 the model's p50 at the current rate
 * @param currentP99 the model's p99 at the current rate
 * @param p50 predicted p50 at the what-if rate, with band
 * @param p99 predicted p99 at the what-if rate, with band
 * @param saturated true when a utilisation is predicted to reach {@value
 *     dev.faultline.collector.perf.model.QueueingDesign#U_MAX} or more: the queue is then unstable and the
 *     predictions are lower bounds
 * @param extrapolated true when the what-if rate lies beyond the highest rate seen in training
 * @param bottleneck when p99 increases, the resource nearest saturation: its queueing term grows most between the
 *     two loads ({@link Contribution#queueGrowth}); null when p99 does not increase
 * @param contributions every resource's contribution to the p99 change, largest first
 * @param features per feature (the request rate first), its value, utilisation and p99 contribution at the current
 *     and the what-if load
 * @param model the chosen model kinds, e.g. {@code p50=ridge+gbt, p99=ridge}
 */
public record WhatIfResult(
    String service, double loadMultiple, double currentRatePerSecond, double ratePerSecond, double currentP50,
    double currentP99, Estimate p50, Estimate p99, boolean saturated, boolean extrapolated,
    Contribution bottleneck, List<Contribution> contributions, List<FeatureEffect> features, String model) {}
