package dev.faultline.collector.rca.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PersonalizedPageRankTest {
  private final PersonalizedPageRank pr = new PersonalizedPageRank(0.85, 1000, 1e-12);

  /**
   * The classic three-page example (A -> B, A -> C, B -> C, C -> A, d = 0.85): solving
   * a = 0.05 + 0.85c, b = 0.05 + 0.425a, c = 0.05 + 0.425a + 0.85b by hand gives a = 0.128625 / 0.3316875 = 0.38779,
   * b = 0.21481, c = 0.39740.
   */
  @Test
  void uniformPersonalisationMatchesHandSolvedExample() {
    double[][] w = {{0, 1, 1}, {0, 0, 1}, {1, 0, 0}};
    double[] r = pr.compute(w, new double[3]);
    assertArrayEquals(new double[] {0.38779, 0.21481, 0.39740}, r, 1e-5);
  }

  /** Two nodes 0 -> 1 -> 0, all teleports to 0: r0 = 0.15 + 0.85 r1, r1 = 0.85 r0, so r0 = 0.15 / (1 - 0.7225). */
  @Test
  void personalisationPullsMassToTheSeed() {
    double[][] w = {{0, 1}, {1, 0}};
    double[] r = pr.compute(w, new double[] {1, 0});
    double r0 = 0.15 / (1 - 0.7225);
    assertArrayEquals(new double[] {r0, 0.85 * r0}, r, 1e-9);
  }

  /** 0 -> 1, 1 dangling, p = (1/2, 1/2): r0 = 0.075 + 0.425 r1 and r0 + r1 = 1 give r0 = 0.5 / 1.425. */
  @Test
  void danglingMassReturnsAlongPersonalisation() {
    double[] r = pr.compute(new double[][] {{0, 1}, {0, 0}}, new double[] {1, 1});
    assertArrayEquals(new double[] {0.5 / 1.425, 1 - 0.5 / 1.425}, r, 1e-9);
  }

  @Test
  void sparseAndDenseFormsAgree() {
    double[][] w = {{0, 2, 1}, {0, 0, 1}, {1, 0, 0.5}};
    double[] p = {0.2, 0.3, 0.5};
    double[] sparse = pr.compute(new int[][] {{1, 2}, {2}, {0, 2}}, new double[][] {{2, 1}, {1}, {1, 0.5}}, p);
    assertArrayEquals(pr.compute(w, p), sparse, 1e-12);
  }

  @Test
  void emptyGraphAndBadParameters() {
    assertEquals(0, pr.compute(new double[0][0], new double[0]).length);
    assertThrows(IllegalArgumentException.class, () -> new PersonalizedPageRank(1.0, 10, 1e-9));
    assertThrows(IllegalArgumentException.class, () -> new PersonalizedPageRank(0.5, 0, 1e-9));
    assertThrows(IllegalArgumentException.class, () -> pr.compute(new double[][] {{-1}}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> pr.compute(new double[][] {{0}}, new double[] {1, 2}));
  }
}
