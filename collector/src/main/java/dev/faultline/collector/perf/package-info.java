/**
 * Performance modelling: per service, a model of latency (p50, p99) as a function of load and resource features,
 * trained off the ingest path, answering "what happens at k times the traffic" ({@link
 * dev.faultline.collector.perf.PerfModelService#whatIf}), "which resource runs out first" (the bottleneck in a
 * {@link dev.faultline.collector.perf.WhatIfResult}) and "when will we break the latency objective"
 * ({@link dev.faultline.collector.perf.PerfModelService#capacity}).
 *
 * <p>Sub-packages: {@code model} (ridge, gradient-boosted trees, queueing features, selection), {@code forecast}
 * (Theil-Sen trend, capacity forecast), {@code train} (the bounded background trainer), {@code sim} (seeded
 * simulated services with known response curves, used by tests and {@link
 * dev.faultline.collector.perf.PerfModelReport}). Everything here is deterministic given its inputs and seeds; only
 * {@code train} owns threads.
 */
package dev.faultline.collector.perf;
