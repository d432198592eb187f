package dev.faultline.collector.detect.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.collector.detect.MetricKind;
import dev.faultline.collector.detect.combine.AlertingDetector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionConfigTest {

  private static final String YAML = """
      rules:
        - pattern: "http.server.*.p99"
          detectors: [robust-zscore, cusum]
          raise: 0.7
          clear: 0.4
          raiseAfter: 2
          params: {robust-zscore.window: 64}
        - pattern: "http.server.*"
          detectors: default
        - pattern: "jvm.gc.pause?"
          detectors: [ewma&seasonal]
      """;

  @SuppressWarnings("unchecked")
  static DetectionConfig parse(String yaml) throws Exception {
    return DetectionConfig.fromMap(new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class));
  }

  @Test
  void firstMatchingRuleWinsAndGlobsMatchTheWholeName() throws Exception {
    DetectionConfig c = parse(YAML);
    DetectorRule p99 = c.ruleFor("http.server.checkout.p99");
    assertEquals(List.of("robust-zscore", "cusum"), p99.detectors());
    assertEquals(0.7, p99.policy().raise());
    assertEquals(0.4, p99.policy().clear());
    assertEquals(2, p99.policy().raiseAfter());
    assertEquals(64.0, p99.params().get("robust-zscore.window"));
    assertEquals(List.of("default"), c.ruleFor("http.server.checkout.p50").detectors());
    assertEquals("jvm.gc.pause?", c.ruleFor("jvm.gc.pauses").pattern());
    assertNull(c.ruleFor("jvm.gc.pause"), "? needs exactly one character");
    assertNull(c.ruleFor("xhttp.server.a"), "anchored at the start");
  }

  @Test
  void createdPipelineUsesTheRulePolicyOrTheKindDefault() throws Exception {
    DetectionConfig c = parse(YAML);
    AlertingDetector d = c.create("http.server.checkout.p99");
    assertEquals(0.7, d.tracker().policy().raise());
    AlertingDetector fallback = c.create("process.cpu.utilisation");
    assertEquals(0.5, fallback.tracker().policy().raise());
    assertEquals(MetricKind.UTILISATION, MetricKind.infer("process.cpu.utilisation"));
  }

  @Test
  void errorsNameTheRuleAndKey() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("""
        rules:
          - pattern: "a.*"
            detectors: [robust-zscore]
            rasie: 0.5
        """)).getMessage().contains("rules[0]: unknown key 'rasie'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("""
        rules:
          - pattern: "a.*"
            detectors: [robust-zscore]
          - pattern: "b.*"
            detectors: [hyperloglog]
        """)).getMessage().startsWith("rules[1]: unknown detector 'hyperloglog'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("""
        rules:
          - pattern: "a.*"
            detectors: [ewma]
            raise: 0.2
            clear: 0.4
        """)).getMessage().contains("clear"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("ruels: []"))
        .getMessage().contains("ruels"));
  }

  @Test
  void emptyConfigFallsBackToDefaultsPerKind() {
    DetectionConfig c = DetectionConfig.fromMap(Map.of());
    assertTrue(c.rules().isEmpty());
    assertEquals(MetricKind.ERROR_RATIO, MetricKind.infer("http.server.errors.ratio"));
    assertEquals(MetricKind.LATENCY, MetricKind.infer("http.server.duration.p99"));
    assertEquals(MetricKind.MEMORY, MetricKind.infer("jvm.heap.used"));
    assertEquals(MetricKind.RATE, MetricKind.infer("http.server.requests"));
    assertEquals(MetricKind.OTHER, MetricKind.infer("queue.depth"));
    assertEquals("ewma+cusum", MetricKind.MEMORY.defaultExpression());
  }
}
