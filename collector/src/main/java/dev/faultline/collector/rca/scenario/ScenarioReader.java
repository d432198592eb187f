package dev.faultline.collector.rca.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.rca.EdgeSeriesKey;
import dev.faultline.collector.rca.LogEvent;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a scenario folder. Required: {@code scenario.json} ({@code name}, {@code step_seconds}, optional {@code
 * incident_time}, {@code dataset}), {@code metrics.csv} ({@code timestamp,service,metric,value}; empty or NaN =
 * missing). Optional: {@code edges.csv} ({@code caller,callee}, may be header only), {@code edge_metrics.csv}
 * ({@code timestamp,caller,callee,metric,value}), {@code events.csv} ({@code timestamp,service,template,count}: log
 * evidence). The grid is the sorted union of the metric timestamps; a series without a row at a grid point is NaN
 * there. Optional {@code placement.csv} ({@code node,host}) places nodes on hosts.
 */
public final class ScenarioReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScenarioReader() {}

  /** True when {@code dir} holds a scenario.json. */
  public static boolean isScenario(Path dir) {
    return Files.isRegularFile(dir.resolve("scenario.json"));
  }

  public static Scenario read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ScenarioException("scenario folder " + dir + " does not exist or is not a folder");
    }
    JsonNode meta = readJson(dir.resolve("scenario.json"));
    long step = meta.path("step_seconds").asLong(0);
    if (step <= 0) {
      throw new ScenarioException(dir.resolve("scenario.json") + ": step_seconds must be a positive integer");
    }
    String name = meta.path("name").asText(dir.getFileName().toString());
    String dataset = meta.hasNonNull("dataset") ? meta.get("dataset").asText() : null;
    Long incident = meta.hasNonNull("incident_time") ? meta.get("incident_time").asLong() : null;

    Map<SeriesKey, Map<Long, Double>> raw = new TreeMap<>();
    TreeSet<Long> grid = new TreeSet<>();
    for (String[] r : csv(dir.resolve("metrics.csv"), true, 4)) {
      long t = parseLong(r[0], dir.resolve("metrics.csv"));
      grid.add(t);
      raw.computeIfAbsent(new SeriesKey(r[1], r[2]), k -> new TreeMap<>()).put(t, parseValue(r[3]));
    }
    Map<EdgeSeriesKey, Map<Long, Double>> rawEdges = new TreeMap<>();
    Path em = dir.resolve("edge_metrics.csv");
    if (Files.exists(em)) {
      for (String[] r : csv(em, true, 5)) {
        rawEdges.computeIfAbsent(new EdgeSeriesKey(r[1], r[2], r[3]), k -> new TreeMap<>())
            .put(parseLong(r[0], em), parseValue(r[4]));
      }
    }
    long[] ts = grid.stream().mapToLong(Long::longValue).toArray();
    TopologySnapshot.Builder g = TopologySnapshot.builder();
    raw.keySet().forEach(k -> g.node(k.service()));
    Path edges = dir.resolve("edges.csv");
    if (Files.exists(edges)) {
      for (String[] r : csv(edges, true, 2)) {
        g.call(r[0], r[1]);
      }
    }
    Path placement = dir.resolve("placement.csv");
    if (Files.exists(placement)) {
      for (String[] r : csv(placement, true, 2)) {
        g.place(r[0], r[1]);
      }
    }
    List<LogEvent> events = new ArrayList<>();
    Path ev = dir.resolve("events.csv");
    if (Files.exists(ev)) {
      for (String[] r : csv(ev, true, 4)) {
        events.add(new LogEvent(r[1], parseLong(r[0], ev), r[2], parseLong(r[3], ev)));
      }
    }
    long start = incident != null ? incident : (ts.length == 0 ? 0 : ts[ts.length - 1] + 1);
    RcaInput in = new RcaInput(ts, step, align(raw, ts), align(rawEdges, ts), g.build(), start, events);
    return new Scenario(name, dataset, incident, in);
  }

  private static <K> Map<K, double[]> align(Map<K, Map<Long, Double>> raw, long[] ts) {
    Map<K, double[]> out = new TreeMap<>();
    raw.forEach((k, m) -> {
      double[] v = new double[ts.length];
      Arrays.fill(v, Double.NaN);
      boolean any = false;
      for (int i = 0; i < ts.length; i++) {
        Double x = m.get(ts[i]);
        if (x != null) {
          v[i] = x;
          any |= !x.isNaN();
        }
      }
      if (any) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static JsonNode readJson(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new ScenarioException("missing " + p.getFileName() + " in " + p.getParent());
    }
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new ScenarioException(p + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Rows of a simple CSV (no quoting), header checked for its column count and skipped. */
  static List<String[]> csv(Path p, boolean header, int columns) {
    if (!Files.isRegularFile(p)) {
      throw new ScenarioException("missing " + p.getFileName() + " in " + p.getParent());
    }
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || (header && no == 1)) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != columns) {
          throw new ScenarioException(p + " line " + no + ": expected " + columns + " columns, found " + f.length);
        }
        rows.add(f);
      }
    } catch (IOException e) {
      throw new ScenarioException("cannot read " + p + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static long parseLong(String s, Path p) {
    try {
      return (long) Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new ScenarioException(p + ": not a number: '" + s + "'");
    }
  }

  private static double parseValue(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
