package dev.faultline.collector.ingest;

import dev.faultline.collector.model.AgentInfo;

/**
 * What the collector knows about one agent id across its connections: identity from the latest Hello, the highest
 * applied batch sequence (the exactly-once check), connection state and the agent's own drop count.
 *
 * <p>The sequence check and the apply happen under this object's monitor ({@link #applyOnce}), so a batch resent
 * on a new connection while the old one is still draining is applied once.
 */
public final class AgentSession {

  private final String agentId;
  private volatile AgentInfo info;
  private volatile long lastSequence;
  private volatile long droppedBatches;
  private volatile long connectedAtMillis;
  private volatile long lastSeenMillis;
  private volatile int connections;
  /** Distinct series this agent id defined; bounded by the cap that {@link #admitSeries} enforces. */
  private final java.util.Set<dev.faultline.collector.model.SeriesKey> series = new java.util.HashSet<>();

  AgentSession(String agentId) {
    this.agentId = agentId;
  }

  synchronized void connected(AgentInfo info, long nowMillis) {
    this.info = info;
    this.connectedAtMillis = nowMillis;
    this.lastSeenMillis = nowMillis;
    connections++;
  }

  synchronized void disconnected(long nowMillis) {
    lastSeenMillis = nowMillis;
    connections = Math.max(0, connections - 1);
  }

  /**
   * Runs {@code apply} unless {@code sequence} was already applied, then records it.
   *
   * @return true when applied, false for a duplicate
   */
  synchronized boolean applyOnce(long sequence, long droppedBatches, long nowMillis, Runnable apply) {
    lastSeenMillis = nowMillis;
    this.droppedBatches = Math.max(this.droppedBatches, droppedBatches);
    if (sequence <= lastSequence) {
      return false;
    }
    apply.run(); // throws when the sink cannot take it; lastSequence then stays put and the agent resends
    lastSequence = sequence;
    return true;
  }

  synchronized void restore(long lastSequence, long droppedBatches, long lastSeenMillis) {
    this.lastSequence = Math.max(this.lastSequence, lastSequence);
    this.droppedBatches = Math.max(this.droppedBatches, droppedBatches);
    this.lastSeenMillis = Math.max(this.lastSeenMillis, lastSeenMillis);
  }

  /**
   * Records that this agent defines {@code key}.
   *
   * @return false when {@code key} is new and the agent already defined {@code max} distinct series
   */
  synchronized boolean admitSeries(dev.faultline.collector.model.SeriesKey key, int max) {
    if (series.contains(key)) {
      return true;
    }
    if (series.size() >= max) {
      return false;
    }
    series.add(key);
    return true;
  }

  /** Distinct series this agent id defined so far. */
  public synchronized int seriesDefined() { return series.size(); }

  public String agentId() { return agentId; }

  /** Identity from the latest Hello. */
  public AgentInfo info() { return info; }

  /** Highest applied batch sequence; 0 when none. */
  public long lastSequence() { return lastSequence; }

  /** The agent's cumulative count of batches it dropped (as it reported). */
  public long droppedBatches() { return droppedBatches; }

  public long connectedAtMillis() { return connectedAtMillis; }

  public long lastSeenMillis() { return lastSeenMillis; }

  public boolean isConnected() { return connections > 0; }
}
