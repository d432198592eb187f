package dev.faultline.collector.rca.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link SimCase} as a scenario folder in the format {@code ScenarioReader} reads, with truth.json. */
public final class ScenarioWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScenarioWriter() {}

  public static Path write(SimCase c, Path parent) throws IOException {
    Path dir = parent.resolve(c.name());
    Files.createDirectories(dir);
    ObjectNode sc = JSON.createObjectNode();
    sc.put("name", c.name());
    sc.put("dataset", c.dataset());
    sc.put("step_seconds", c.stepSeconds());
    sc.put("incident_time", c.incidentTime());
    JSON.writeValue(dir.resolve("scenario.json").toFile(), sc);
    ObjectNode truth = JSON.createObjectNode();
    truth.put("root_cause_service", c.root());
    truth.put("fault_type", c.fault().label());
    truth.putNull("root_cause_metric");
    JSON.writeValue(dir.resolve("truth.json").toFile(), truth);
    try (Writer w = Files.newBufferedWriter(dir.resolve("metrics.csv"), StandardCharsets.UTF_8)) {
      w.write("timestamp,service,metric,value\n");
      for (int k = 0; k < c.timestamps().length; k++) {
        for (var e : c.series().entrySet()) {
          w.write(c.timestamps()[k] + "," + e.getKey().service() + "," + e.getKey().metric() + ","
              + fmt(e.getValue()[k]) + "\n");
        }
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("edge_metrics.csv"), StandardCharsets.UTF_8)) {
      w.write("timestamp,caller,callee,metric,value\n");
      for (int k = 0; k < c.timestamps().length; k++) {
        for (var e : c.edgeSeries().entrySet()) {
          w.write(c.timestamps()[k] + "," + e.getKey().caller() + "," + e.getKey().callee() + ","
              + e.getKey().metric() + "," + fmt(e.getValue()[k]) + "\n");
        }
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("edges.csv"), StandardCharsets.UTF_8)) {
      w.write("caller,callee\n");
      for (Map.Entry<String, java.util.List<String>> e : new TreeMap<>(c.topology().calls()).entrySet()) {
        for (String b : e.getValue()) {
          w.write(e.getKey() + "," + b + "\n");
        }
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("placement.csv"), StandardCharsets.UTF_8)) {
      w.write("node,host\n");
      for (Map.Entry<String, String> e : c.topology().hosts().entrySet()) {
        w.write(e.getKey() + "," + e.getValue() + "\n");
      }
    }
    return dir;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
  }
}
