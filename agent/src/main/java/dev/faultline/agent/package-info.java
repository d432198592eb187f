/**
 * Entry points and wiring. {@link dev.faultline.agent.FaultlineAgent} is the tiny premain class;
 * {@link dev.faultline.agent.AgentRuntime} builds the agent on a daemon thread; {@link dev.faultline.agent.MetricsLoop}
 * collects, encodes and hands batches to the sender once per interval. Class-loader layout: see agent/README.md.
 */
package dev.faultline.agent;
