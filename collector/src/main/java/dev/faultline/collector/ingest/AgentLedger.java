package dev.faultline.collector.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All agent sessions by agent id. Agent ids are random per agent run, so sessions of agents gone for longer than
 * the retention are removed by {@link #evictDisconnectedBefore}; only the sequence of a long-dead agent run is lost.
 */
public final class AgentLedger {

  private final ConcurrentHashMap<String, AgentSession> sessions = new ConcurrentHashMap<>();

  /** The session of {@code agentId}, created on first use. */
  AgentSession session(String agentId) {
    return sessions.computeIfAbsent(agentId, AgentSession::new);
  }

  /** Puts back an agent's applied sequence and drop count from a snapshot, before ingest starts. */
  public void restore(String agentId, long lastSequence, long droppedBatches, long lastSeenMillis) {
    session(agentId).restore(lastSequence, droppedBatches, lastSeenMillis);
  }

  /** The highest applied sequence of {@code agentId}; 0 when unknown. */
  public long lastSequence(String agentId) {
    AgentSession s = sessions.get(agentId);
    return s == null ? 0 : s.lastSequence();
  }

  /** A snapshot of all sessions. */
  public List<AgentSession> sessions() {
    Collection<AgentSession> all = sessions.values();
    return new ArrayList<>(all);
  }

  /** Removes sessions with no open connection and last seen before {@code cutoffMillis}. */
  public void evictDisconnectedBefore(long cutoffMillis) {
    sessions.values().removeIf(s -> !s.isConnected() && s.lastSeenMillis() < cutoffMillis);
  }
}
