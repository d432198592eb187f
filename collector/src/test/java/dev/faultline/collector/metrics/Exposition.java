package dev.faultline.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4) for tests: every line must be a HELP, a TYPE or
 * a sample of a family whose TYPE came first; label values are unescaped. Fails the test on anything else.
 */
final class Exposition {

  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  record Sample(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static Exposition parse(String text) {
    Exposition e = new Exposition();
    Map<String, String> help = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String[] p = line.substring(7).split(" ", 2);
        assertTrue(help.put(p[0], p.length > 1 ? p[1] : "") == null, "HELP twice for " + p[0]);
      } else if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        assertEquals(2, p.length, line);
        assertTrue(List.of("counter", "gauge", "histogram", "summary", "untyped", "info").contains(p[1]), line);
        assertTrue(e.types.put(p[0], p[1]) == null, "TYPE twice for " + p[0]);
      } else if (line.startsWith("#")) {
        continue;
      } else {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
          fail("not a sample line: " + line);
        }
        String name = m.group(1);
        assertTrue(e.familyOf(name) != null, "sample before its TYPE: " + line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null && !m.group(3).isEmpty()) {
          Matcher l = LABEL.matcher(m.group(3));
          int end = 0;
          while (l.find() && l.start() == end) {
            labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
            end = l.end();
          }
          assertEquals(m.group(3).length(), end, "bad labels in " + line);
        }
        e.samples.add(new Sample(name, labels, Double.parseDouble(m.group(4).replace("+Inf", "Infinity"))));
      }
    }
    return e;
  }

  /** The family a sample name belongs to ({@code x_bucket} to {@code x} for a histogram, etc.), or null. */
  String familyOf(String sample) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : List.of("_total", "_bucket", "_sum", "_count", "_created", "_info")) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return null;
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    assertEquals(1, found.size(), "samples " + name + " " + List.of(labels) + ": " + found);
    return found.get(0).value();
  }

  List<Sample> find(String name, String... labels) {
    List<Sample> found = new ArrayList<>();
    for (Sample s : samples) {
      boolean match = s.name().equals(name);
      for (int i = 0; match && i < labels.length; i += 2) {
        match = labels[i + 1].equals(s.labels().get(labels[i]));
      }
      if (match) {
        found.add(s);
      }
    }
    return found;
  }
}
