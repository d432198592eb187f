package dev.faultline.collector.rca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologySnapshotTest {

  @Test
  void chainHasCalleesCallersAndPath() {
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").call("b", "c").build();
    assertEquals(Set.of("b"), g.callees("a"));
    assertEquals(Set.of("b"), g.callers("c"));
    assertEquals(List.of("a", "b", "c"), g.callPath("a", "c"));
    assertEquals(List.of(), g.callPath("c", "a"));
    assertEquals(2, g.edgeCount());
  }

  @Test
  void fanInListsEveryCaller() {
    TopologySnapshot g = TopologySnapshot.builder().call("web", "db").call("api", "db").call("jobs", "db").build();
    assertEquals(Set.of("api", "jobs", "web"), g.callers("db"));
    assertTrue(g.callees("db").isEmpty());
  }

  @Test
  void placementGroupsNodesByHost() {
    TopologySnapshot g = TopologySnapshot.builder().place("a", "h1").place("b", "h1").place("c", "h2").node("d").build();
    assertEquals(Set.of("b"), g.coLocated("a"));
    assertEquals(Set.of(), g.coLocated("c"));
    assertEquals(Set.of(), g.coLocated("d"));
    assertNull(g.hostOf("d"));
  }

  @Test
  void unknownNodeAndEmptyGraphAreEmpty() {
    assertTrue(TopologySnapshot.empty().nodes().isEmpty());
    assertTrue(TopologySnapshot.empty().callers("x").isEmpty());
    assertEquals(List.of(), TopologySnapshot.empty().callPath("x", "y"));
  }

  @Test
  void selfCallsAreIgnoredAndNullsRejected() {
    TopologySnapshot g = TopologySnapshot.builder().call("a", "a").build();
    assertEquals(0, g.edgeCount());
    assertThrows(NullPointerException.class, () -> TopologySnapshot.builder().node(null));
  }
}
