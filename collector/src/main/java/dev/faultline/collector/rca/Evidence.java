package dev.faultline.collector.rca;

/**
 * One piece of evidence for a candidate: which series or edge, how strongly it changed, when it started.
 *
 * @param subject what carries it: a metric ({@code cpu_usage_ratio}), an edge ({@code a->b client-server gap}),
 *     a host ({@code host h node_cpu_usage_ratio}) or a log template
 * @param kind the evidence family (resource, own-latency, client-latency, errors, network-gap, stopped-calls,
 *     started-calls, traffic, host, logs)
 * @param score the contribution to the candidate's score
 * @param change robust change (deviations from the baseline median, in baseline spreads)
 * @param onsetSeconds the first post-incident instant where the change shows, or null
 */
public record Evidence(String subject, String kind, double score, double change, Long onsetSeconds) {}
