/**
 * Aggregation of what the instrumentation sees into interval reports: per-endpoint RED statistics, call-graph
 * edges, exception counts, and the encoder from a report to the wire messages.
 *
 * <p>Recording is wait-free and allocation-free in steady state; {@link
 * dev.faultline.agent.instrument.record.IntervalRecorder#drain} runs on the reporter's thread.
 */
package dev.faultline.agent.instrument.record;
