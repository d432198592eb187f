package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.ServiceHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRecordingTest {

  @TempDir
  Path dir;

  /** Rows of a service with CPU and a heap recorded as a utilisation (as before heap became an occupancy). */
  private static ServiceHistory rows(int from, int to) {
    ServiceHistory.Builder b = ServiceHistory.builder("svc", List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION),
        new FeatureSpec("heap", FeatureKind.UTILISATION, "gc")));
    for (int i = from; i < to; i++) {
      double rate = 10 + i;
      b.add(1000L * i, rate, new double[] {rate / 200, 0.4 + 0.05 * (i % 10)}, 2 + rate / 50, 6 + rate / 10);
    }
    return b.build();
  }

  @Test
  void replaysTheRecordedRowsWithTheKindsTheCollectorGivesNow() throws IOException {
    Map<String, ServiceHistory[]> histories = new LinkedHashMap<>();
    histories.put("svc", new ServiceHistory[] {rows(0, 60), rows(60, 80)});
    Path file = dir.resolve("ramp.json");

    DemoRecording.of(1.5, 60_000, histories).write(file);
    DemoRecording back = DemoRecording.read(file);

    assertEquals(1.5, back.heldOutMultiple());
    assertEquals(60_000, back.splitMillis());
    ServiceHistory[] h = back.histories().get("svc");
    assertEquals(60, h[0].size());
    assertEquals(20, h[1].size());
    assertArrayEquals(histories.get("svc")[1].featureRow(7), h[1].featureRow(7));
    assertEquals(histories.get("svc")[0].p99Millis(59), h[0].p99Millis(59));
    assertEquals(FeatureKind.OCCUPANCY, h[0].features().get(1).kind(), "heap is replayed as the live source sees it");
    assertEquals(FeatureKind.UTILISATION, h[0].features().get(0).kind());
  }

  @Test
  void replayPrintsTheTablesForEveryRecordedService() throws IOException {
    Map<String, ServiceHistory[]> histories = new LinkedHashMap<>();
    histories.put("svc", new ServiceHistory[] {rows(0, 60), rows(60, 80)});
    Path file = dir.resolve("ramp.json");
    DemoRecording.of(1.5, 60_000, histories).write(file);
    StringWriter text = new StringWriter();

    PerfDemoBench.replay(DemoRecording.read(file), true, new PrintWriter(text, true));

    String out = text.toString();
    assertTrue(out.contains("P99 MAPE"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("svc") && l.contains("base ")), "queueing terms line: " + out);
  }

  @Test
  void replayScoresOnRowsAveragedOverTheGivenSeconds() throws IOException {
    Map<String, ServiceHistory[]> histories = new LinkedHashMap<>();
    histories.put("svc", new ServiceHistory[] {rows(0, 200), rows(200, 260)});
    Path file = dir.resolve("ramp.json");
    DemoRecording.of(1.5, 200_000, histories).write(file);
    StringWriter text = new StringWriter();

    PerfDemoBench.replay(DemoRecording.read(file), true, 5, new PrintWriter(text, true));

    String out = text.toString();
    assertTrue(out.contains("rows of 5 s"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("svc\\s+40\\s+12\\s.*")),
        "200 and 60 one-second rows make 40 and 12 five-second rows: " + out);
    assertThrows(IllegalArgumentException.class,
        () -> PerfDemoBench.replay(DemoRecording.read(file), true, 0, new PrintWriter(new StringWriter())));
  }

  @Test
  void aMalformedRecordingIsAnErrorNamingTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"heldOutMultiple\": [");
    IOException e = assertThrows(IOException.class, () -> DemoRecording.read(file));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
  }
}
