/**
 * Seeded simulated services with known response curves (M/M/c pools, a heap whose GC cost explodes as it fills, a
 * saturating callee) and a known true bottleneck, for tests and {@link dev.faultline.collector.perf.PerfModelReport}.
 */
package dev.faultline.collector.perf.sim;
