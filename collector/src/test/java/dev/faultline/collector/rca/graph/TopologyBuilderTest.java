package dev.faultline.collector.rca.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopologyBuilderTest {

  @Test
  void edgesAgeOutWhenNoLongerSeen() {
    TopologyBuilder b = new TopologyBuilder(10_000);
    b.observeCall("a", "b", 1_000).observeCall("a", "c", 1_000);
    b.observeCall("a", "b", 9_000);
    assertTrue(b.snapshot(10_000).hasCall("a", "c"));
    TopologySnapshot later = b.snapshot(15_000);
    assertTrue(later.hasCall("a", "b"));
    assertFalse(later.hasCall("a", "c"));
    assertFalse(later.nodes().contains("c"));
    assertEquals(0, b.snapshot(30_000).edgeCount());
  }

  @Test
  void latestPlacementWins() {
    TopologyBuilder b = new TopologyBuilder(60_000);
    b.observePlacement("pod", "h1", 1_000).observePlacement("pod", "h2", 2_000).observePlacement("pod", "h3", 1_500);
    assertEquals("h2", b.snapshot(3_000).hostOf("pod"));
  }

  @Test
  void snapshotIgnoresFutureObservations() {
    TopologyBuilder b = new TopologyBuilder(60_000).observeCall("a", "b", 5_000);
    assertEquals(0, b.snapshot(4_000).edgeCount());
  }

  @Test
  void rejectsNonPositiveAge() {
    assertThrows(IllegalArgumentException.class, () -> new TopologyBuilder(0));
  }
}
