package dev.faultline.collector.rca;

import java.util.List;

/**
 * One candidate root cause with everything needed to check it by hand.
 *
 * @param service the candidate node
 * @param score higher = more likely; comparable within one ranking only
 * @param metric the metric (or edge, host metric, template) carrying the strongest evidence, or null
 * @param path propagation path from the root to the symptom: {@code [root, caller, ..., entry]}
 * @param onsetSeconds earliest onset of its evidence, or null
 * @param evidence top evidence, strongest first
 * @param explanation one human-readable sentence
 */
public record RankedCause(
    String service, double score, String metric, List<String> path, Long onsetSeconds,
    List<Evidence> evidence, String explanation) {
  public RankedCause {
    path = List.copyOf(path);
    evidence = List.copyOf(evidence);
  }
}
