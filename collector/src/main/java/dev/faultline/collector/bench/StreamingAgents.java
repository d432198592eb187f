package dev.faultline.collector.bench;

import java.net.InetSocketAddress;

/**
 * The load generator of {@code bench}'s end-to-end phases: {@code connections} agents that each stream pre-encoded
 * batches to a collector as fast as its acks allow ({@link BenchConnection}). Either in this JVM
 * ({@link InProcessAgents}) or in a child JVM ({@link AgentsProcess}); either way it reports the CPU it used, so
 * that the collector's own CPU can be told apart from the load generator's.
 */
interface StreamingAgents extends AutoCloseable {

  /** Connects every agent to {@code ingest} and waits for their handshakes; then they stream until {@link #stop}. */
  void connect(InetSocketAddress ingest) throws Exception;

  /** Stops sending and closes the connections (the collector may be closed next). */
  void stop() throws Exception;

  /** CPU time the load generator used so far (its threads, or its whole process), in nanoseconds. */
  long cpuNanos();

  /** Where the agents run, for the report. */
  String where();

  @Override
  void close();
}
