package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.bench.IngestBenchmark.Measured;
import dev.faultline.collector.bench.IngestBenchmark.Rate;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Ratios are taken per round, then their median; a parse-only phase that measured nothing is left out. */
class RoundsTest {

  private static final PhaseProbe.Cost COST = new PhaseProbe.Cost(1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);

  private static Measured m(double perSecond, double perCollectorCpu) {
    return new Measured(new Rate(perSecond, perSecond), perCollectorCpu, 0.1, COST);
  }

  @Test
  void ratiosArePerRoundThenTheMedian() {
    Rounds r = new Rounds(false);
    r.add(m(200, 100), m(50, 80), null);  // 0.25 wall, 0.8 per collector CPU
    r.add(m(100, 100), m(50, 60), null);  // 0.50, 0.6
    r.add(m(150, 100), m(60, 70), null);  // 0.40, 0.7
    assertEquals(0.40, r.ratioWall().median(), 1e-9);
    assertEquals(0.25, r.ratioWall().min(), 1e-9);
    assertEquals(0.50, r.ratioWall().max(), 1e-9);
    assertEquals(0.7, r.ratioPerCollectorCpu().median(), 1e-9);
    assertEquals(150, r.parseOnly().perSecond());
    assertEquals(50, r.endToEnd().perSecond());
    assertEquals(null, r.processRatioWall());
  }

  @Test
  void aStarvedParseOnlyRoundIsLeftOutOfTheRatios() {
    Rounds r = new Rounds(true);
    r.add(m(0, 0), m(50, 50), m(60, 60));
    r.add(m(100, 100), m(50, 50), m(70, 70));
    assertEquals(1, r.ratioRounds());
    assertEquals(0.5, r.ratioWall().median(), 1e-9);
    assertEquals(0.7, r.processRatioWall().median(), 1e-9);
    StringWriter text = new StringWriter();
    r.printRatios(new PrintWriter(text, true));
    assertTrue(text.toString().contains("median of 1 of 2 rounds"), text.toString());
    assertTrue(!text.toString().contains("Infinity"), text.toString());
  }

  private static Measured wal(double perSecond, double perCollectorCpu, double walBytesPerSecond) {
    return new Measured(new Rate(perSecond, perSecond), perCollectorCpu, 0.1,
        new PhaseProbe.Cost(2, 1.5, 0, 0, 0, 0, 0, 1, 0, 1.0, 0.5, 0), walBytesPerSecond);
  }

  @Test
  void theWalPhaseIsComparedWithTheSameRoundsInMemoryPhase() {
    Rounds r = new Rounds(false);
    r.add(m(200, 100), m(100, 80), null);
    r.addWal(wal(30, 40, 300));           // 0.30 wall, 0.5 per collector CPU
    r.add(m(200, 100), m(50, 50), null);
    r.addWal(wal(30, 40, 300));           // 0.60, 0.8
    r.add(m(200, 100), m(80, 100), null);
    r.addWal(wal(40, 60, 400));           // 0.50, 0.6
    assertEquals(0.50, r.walRatioWall().median(), 1e-9);
    assertEquals(0.30, r.walRatioWall().min(), 1e-9);
    assertEquals(0.60, r.walRatioWall().max(), 1e-9);
    assertEquals(0.6, r.walRatioPerCollectorCpu().median(), 1e-9);
    assertEquals(30, r.endToEndWal().perSecond());
    // 2 s at 30 samples/s = 60 samples; 1.0 s user, 0.5 s system
    assertEquals(1e9 / 60, wal(30, 40, 300).userNanosPerSample(), 1e-3);
    assertEquals(0.5e9 / 60, wal(30, 40, 300).systemNanosPerSample(), 1e-3);
    StringWriter text = new StringWriter();
    r.printWal(new PrintWriter(text, true));
    assertTrue(text.toString().contains("ratio WAL / in-memory end to end     0.50 (0.30-0.60) wall"),
        text.toString());
    assertTrue(text.toString().contains("MB/s written to the log  (10.0 (10.0-10.0) bytes per sample)"),
        text.toString());
  }

  @Test
  void aWalPhaseBelongsToARound() {
    assertThrows(IllegalStateException.class, () -> new Rounds(false).addWal(wal(1, 1, 1)));
  }

  @Test
  void aRoundMustMatchWhetherTheChildRuns() {
    assertThrows(IllegalArgumentException.class, () -> new Rounds(false).add(m(1, 1), m(1, 1), m(1, 1)));
    assertThrows(IllegalArgumentException.class, () -> new Rounds(true).add(m(1, 1), m(1, 1), null));
  }
}
