package dev.faultline.collector.live;

import dev.faultline.collector.incident.Incident;

/**
 * Told of every incident change (opened, an anomaly joined or ended, resolved), before the change is stored, so
 * that a durable consumer (the notification outbox) never misses one across a crash. Called under the analysis
 * lock: keep it short, never call back into {@link LiveAnalysis}.
 */
@FunctionalInterface
public interface IncidentListener {

  IncidentListener NONE = (before, after) -> { };

  /**
   * @param before the stored state before this change, or null for a new incident
   * @param after the new state
   */
  void changed(Incident before, Incident after);
}
