package dev.faultline.collector.rca.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.EdgeSeriesKey;
import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.SeriesKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioReaderTest {
  @TempDir Path dir;

  private void write(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
  }

  @Test
  void readsMissingValuesGenericMetricsAndEmptyEdges() throws IOException {
    write("scenario.json", "{\"name\": \"tiny\", \"step_seconds\": 60}");
    write("metrics.csv", """
        timestamp,service,metric,value
        0,a,cpu_usage_ratio,0.5
        0,a,queue_depth_items,3
        60,a,cpu_usage_ratio,
        60,a,queue_depth_items,NaN
        120,a,cpu_usage_ratio,0.7
        120,b,queue_depth_items,
        """);
    write("edges.csv", "caller,callee\n");
    Scenario s = ScenarioReader.read(dir);
    assertEquals("tiny", s.name());
    assertNull(s.knownIncidentTime());
    assertArrayEquals(new long[] {0, 60, 120}, s.input().timestampsSeconds());
    double[] cpu = s.input().series().get(new SeriesKey("a", "cpu_usage_ratio"));
    assertEquals(0.5, cpu[0]);
    assertTrue(Double.isNaN(cpu[1]));
    double[] q = s.input().series().get(new SeriesKey("a", "queue_depth_items"));
    assertTrue(Double.isNaN(q[2]));
    assertEquals(MetricKind.GENERIC, MetricKind.of("queue_depth_items"));
    assertNull(s.input().series().get(new SeriesKey("b", "queue_depth_items")), "all-missing series is dropped");
    assertEquals(0, s.input().topology().edgeCount());
    assertEquals(121, s.input().incidentStartSeconds());
  }

  @Test
  void readsEdgesEdgeMetricsPlacementAndEvents() throws IOException {
    write("scenario.json", "{\"name\": \"x\", \"step_seconds\": 60, \"incident_time\": 60, \"dataset\": \"d\"}");
    write("metrics.csv", "timestamp,service,metric,value\n0,a,request_rate,1\n60,a,request_rate,2\n");
    write("edges.csv", "caller,callee\na,b\n");
    write("edge_metrics.csv", "timestamp,caller,callee,metric,value\n0,a,b,client_latency_p50_seconds,0.1\n");
    write("placement.csv", "node,host\na,h1\n");
    write("events.csv", "timestamp,service,template,count\n60,b,Timeout <*>,4\n");
    Scenario s = ScenarioReader.read(dir);
    assertEquals(60L, s.knownIncidentTime());
    assertEquals("d", s.dataset());
    assertTrue(s.input().topology().hasCall("a", "b"));
    assertEquals("h1", s.input().topology().hostOf("a"));
    assertEquals(1, s.input().events().size());
    double[] e = s.input().edgeSeries().get(new EdgeSeriesKey("a", "b", "client_latency_p50_seconds"));
    assertEquals(0.1, e[0]);
    assertTrue(Double.isNaN(e[1]));
  }

  @Test
  void missingFilesGiveClearErrors() throws IOException {
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioReader.read(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    e = assertThrows(ScenarioException.class, () -> ScenarioReader.read(dir));
    assertTrue(e.getMessage().contains("missing scenario.json"), e.getMessage());
    write("scenario.json", "{\"step_seconds\": 60}");
    e = assertThrows(ScenarioException.class, () -> ScenarioReader.read(dir));
    assertTrue(e.getMessage().contains("missing metrics.csv"), e.getMessage());
    write("metrics.csv", "timestamp,service,metric,value\n0,a,cpu\n");
    e = assertThrows(ScenarioException.class, () -> ScenarioReader.read(dir));
    assertTrue(e.getMessage().contains("line 2: expected 4 columns"), e.getMessage());
    write("scenario.json", "{\"step_seconds\": 0}");
    e = assertThrows(ScenarioException.class, () -> ScenarioReader.read(dir));
    assertTrue(e.getMessage().contains("step_seconds"), e.getMessage());
  }
}
