package dev.faultline.collector.rca.faulttree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.graph.TopologySnapshot;
import dev.faultline.collector.rca.RcaFixture;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultTreeTest {
  static final String YAML = """
      fault_trees:
        - name: checkout-outage
          top: top
          gates:
            - {id: top, type: OR, inputs: [overload, db_slow]}
            - {id: overload, type: AND, inputs: [cpu_hog, burst]}
          basic_events:
            - {id: db_slow, probability: 0.02, condition: {service: db, metric: latency_p90_seconds}}
            - {id: cpu_hog, probability: 0.1, condition: {service: checkout, metric: cpu_usage_ratio, min_change: 3}}
            - {id: burst, probability: 0.2, condition: {service: "*", metric: request_rate, direction: up}}
      """;

  @Test
  void orOfAndHasHandCheckedCutSetsAndProbabilities() {
    FaultTree t = FaultTreeLoader.parse(YAML).get(0);
    assertEquals(List.of(Set.of("db_slow"), Set.of("burst", "cpu_hog")), MinimalCutSets.of(t));
    FaultTreeResult r = FaultTreeEvaluator.evaluate(t, Map.of());
    // P(top) <= 1 - (1 - 0.02)(1 - 0.1 * 0.2) = 1 - 0.98 * 0.98 = 0.0396
    assertEquals(0.0396, r.priorTopProbability(), 1e-12);
    assertFalse(r.matched());
    assertFalse(r.topOccurred());
  }

  /** AND(OR(a, b), OR(a, c)) = a OR (b AND c): absorption removes {a, b}, {a, c} and {a, a}. */
  @Test
  void sharedEventsAreAbsorbed() {
    FaultTree t = new FaultTree("shared", "top", Map.of(
        "top", new FaultTree.Gate("top", FaultTree.GateType.AND, List.of("g1", "g2")),
        "g1", new FaultTree.Gate("g1", FaultTree.GateType.OR, List.of("a", "b")),
        "g2", new FaultTree.Gate("g2", FaultTree.GateType.OR, List.of("a", "c"))),
        Map.of("a", new FaultTree.BasicEvent("a", 0.1, null, ""),
            "b", new FaultTree.BasicEvent("b", 0.5, null, ""),
            "c", new FaultTree.BasicEvent("c", 0.5, null, "")));
    assertEquals(List.of(Set.of("a"), Set.of("b", "c")), MinimalCutSets.of(t));
  }

  @Test
  void observationsRankCutSetsAndEvaluateTheTop() {
    FaultTree t = FaultTreeLoader.parse(YAML).get(0);
    FaultTreeResult r = FaultTreeEvaluator.evaluate(t, Map.of("cpu_hog", "x", "burst", "y"));
    assertTrue(r.topOccurred());
    FaultTreeResult.CutSet best = r.cutSets().get(0);
    assertEquals(Set.of("burst", "cpu_hog"), best.events());
    assertTrue(best.complete());
    // likelihoods: {cpu_hog, burst} -> 1, {db_slow} -> 0.02; posterior = 1 / 1.02
    assertEquals(1 / 1.02, best.posterior(), 1e-12);
  }

  @Test
  void conditionsAreCheckedOnTheIncidentSeries() {
    FaultTree t = FaultTreeLoader.parse(YAML).get(0);
    RcaFixture f = new RcaFixture()
        .shifted("checkout", "cpu_usage_ratio", 0.3, 0.5, 0)
        .shifted("frontend", "request_rate", 100, 80, 0)
        .flat("db", "latency_p90_seconds", 0.01);
    FaultTreeResult r = FaultTreeEvaluator.evaluate(t, f.input(TopologySnapshot.empty()));
    assertEquals(Set.of("burst", "cpu_hog"), r.observed().keySet());
    assertTrue(r.topOccurred());
    assertTrue(r.matched());
  }

  @Test
  void invalidTreesAreRejectedWithClearMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultTreeLoader.parse("""
        fault_trees:
          - name: loop
            top: g
            gates: [{id: g, type: OR, inputs: [h]}, {id: h, type: AND, inputs: [g]}]
        """));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FaultTreeLoader.parse("""
        fault_trees:
          - {name: t, top: g, gates: [{id: g, type: OR, inputs: [nope]}]}
        """));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FaultTreeLoader.parse("""
        fault_trees:
          - {name: t, top: a, basic_events: [{id: a, probability: 1.5}]}
        """));
    assertTrue(e.getMessage().contains("probability"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FaultTreeLoader.parse("trees: []"));
  }
}
