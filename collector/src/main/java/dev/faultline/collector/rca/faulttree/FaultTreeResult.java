package dev.faultline.collector.rca.faulttree;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation of one tree against one incident.
 *
 * @param tree tree name
 * @param observed basic events whose condition holds, with the matching series ("service/metric")
 * @param topOccurred the top event holds given the observed basic events
 * @param matched at least one basic event is observed (the incident touches this failure mode)
 * @param priorTopProbability P(top) from priors: 1 - prod(1 - P(cut set)) over minimal cut sets (upper bound)
 * @param cutSets minimal cut sets, most probable given the observations first
 */
public record FaultTreeResult(String tree, Map<String, String> observed, boolean topOccurred, boolean matched,
    double priorTopProbability, List<CutSet> cutSets) {

  /**
   * @param events basic event ids
   * @param priorProbability product of the priors (independent events)
   * @param posterior P(cut set | observations): observed events count 1, unobserved their prior; normalised over cut
   *     sets
   * @param complete every event of the cut set is observed
   */
  public record CutSet(Set<String> events, double priorProbability, double posterior, boolean complete) {}

  public ObjectNode toJson(ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("tree", tree);
    o.put("matched", matched);
    o.put("top_event_occurred", topOccurred);
    o.put("prior_top_probability", priorTopProbability);
    ObjectNode obs = o.putObject("observed");
    observed.forEach(obs::put);
    ArrayNode cs = o.putArray("minimal_cut_sets");
    for (CutSet c : cutSets) {
      ObjectNode x = cs.addObject();
      ArrayNode ev = x.putArray("events");
      c.events().forEach(ev::add);
      x.put("prior_probability", c.priorProbability());
      x.put("posterior", c.posterior());
      x.put("complete", c.complete());
    }
    return o;
  }
}
