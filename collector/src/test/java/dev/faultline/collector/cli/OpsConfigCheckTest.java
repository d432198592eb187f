package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --check-config} validates the metrics: and notifications: sections of the shipped sample. */
class OpsConfigCheckTest {

  private static final Path SAMPLE = Path.of("..", "install", "collector.yaml");

  @TempDir Path dir;

  @Test
  void theSampleWithItsCommentedNotificationExamplesEnabledIsValid() throws Exception {
    String sample = Files.readString(SAMPLE);
    int section = sample.indexOf("\nnotifications:\n");
    assertTrue(section > 0, "the sample documents notifications:");
    // "  targets: []" followed by "  #  - name: ..." examples: enable them
    String enabled = sample.substring(0, section) + sample.substring(section)
        .replace("  targets: []\n", "  targets:\n")
        .replaceAll("(?m)^  #  ", "  ");
    Path file = Files.writeString(dir.resolve("collector.yaml"), enabled.replace("agent-series: false",
        "agent-series: true"));
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(0, r.code(), r.err() + "\n" + enabled.substring(section));
    assertTrue(r.out().contains("metrics.agent-series=true"), r.out());
    assertTrue(r.out().contains("notifications: 3 targets [pager (alertmanager http://127.0.0.1:9094/alerts),"
        + " chat (webhook https://chat.example.com/hooks/faultline), remediate (exec"), r.out());
    assertTrue(!r.out().contains("Bearer"), "header values are never printed");
  }

  @Test
  void aBadTargetIsOneLineNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"),
        "notifications:\n  targets:\n    - {name: x, type: webhook, url: \"http://127.0.0.1:1/\", timeout: soon}\n");
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("faultline: invalid configuration: notifications.targets[0].timeout: invalid value"),
        r.err());
    assertEquals(1, r.err().strip().lines().count());
  }

  @Test
  void aBadMetricsKeyIsRejected() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "metrics:\n  agent-series-prefix: \"1x-\"\n");
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("metrics.agent-series-prefix"), r.err());
  }
}
