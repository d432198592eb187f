package dev.faultline.collector.live;

import dev.faultline.collector.incident.IncidentStore;
import java.util.Map;

/**
 * What the analysis routes read: anomalies, incidents and the topology. A single collector's {@link LiveAnalysis},
 * or a scale-out node's view of the anomalies, incidents and topology topics.
 */
public interface AnalysisView {

  AnomalyLog anomalies();

  IncidentStore incidents();

  /** The Topology schema of the query API (see {@link ApiViews#topology}). */
  Map<String, Object> topology();
}
