/**
 * The collector daemon. {@link dev.faultline.collector.Collector} wires the parts: ingest (agents in), store
 * (series in memory), query (HTTP out). Sub-packages: {@code config}, {@code model}, {@code ingest}, {@code store},
 * {@code query}, {@code cli}, {@code bench}; {@code detect} and {@code rca} analyse stored data; {@code live} runs
 * detection on arriving batches and {@code incident} groups its anomalies into incidents.
 */
package dev.faultline.collector;
