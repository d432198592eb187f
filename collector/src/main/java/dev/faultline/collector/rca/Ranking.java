package dev.faultline.collector.rca;

import java.util.List;

/**
 * The result of one analysis: candidates best first (ties broken by name, so the order is deterministic).
 *
 * @param incidentStartSeconds the incident start used, or null when none could be found
 * @param causes candidates, best first
 */
public record Ranking(Long incidentStartSeconds, List<RankedCause> causes) {
  public Ranking {
    causes = List.copyOf(causes);
  }
}
