package dev.faultline.agent.net;

import dev.faultline.agent.internal.AgentLog;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides which connection events deserve a stderr line: the first failure to reach the collector, the first
 * success after that, each distinct refusal reason, and each switch to another collector of the list. Every other attempt is silent, so an absent collector
 * costs the application's log one line, not one per retry. Confined to the network thread.
 */
final class ReachabilityLog {

  private final Set<String> refusalsShown = new HashSet<>();
  private boolean unreachableShown;

  /** A connection attempt failed or was lost before the handshake completed. */
  void failed(String collector, String reason) {
    if (!unreachableShown) {
      unreachableShown = true;
      AgentLog.warn("cannot reach collector " + collector + " (" + reason
          + "); buffering and retrying in the background");
    }
  }

  /** The collector refused the handshake or rejected the connection; shown once per distinct reason. */
  void refused(String collector, String reason) {
    unreachableShown = true;
    if (refusalsShown.add(reason)) {
      AgentLog.warn("collector " + collector + " refused this agent: " + reason + "; retrying later");
    }
  }

  /**
   * A collector other than the one that served the agent accepted it: one line with both addresses and why the
   * agent left the old one, instead of the "reached again" line.
   */
  void switched(String from, String to, String reason) {
    unreachableShown = false;
    refusalsShown.clear();
    AgentLog.warn("switched collector " + from + " -> " + to + " (" + from + ": " + reason + ")");
  }

  /** A handshake succeeded with the collector that served the agent before (or the first of the list). */
  void connected(String collector) {
    if (unreachableShown) {
      unreachableShown = false;
      refusalsShown.clear();
      AgentLog.warn("collector " + collector + " reached again");
    }
  }
}
