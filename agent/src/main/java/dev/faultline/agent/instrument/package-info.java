/**
 * The agent's instrumentation core: {@link dev.faultline.agent.instrument.Instrumenter#install} installs one
 * transformer per instrumented library (sub-packages {@code httpserver}, {@code urlconnection}, {@code httpclient},
 * {@code jdbc}) and registers their hooks in the bootstrap bridge; {@code record} aggregates what they see.
 * See {@code agent/INSTRUMENTATION.md} for which class lives in which class loader.
 */
package dev.faultline.agent.instrument;
