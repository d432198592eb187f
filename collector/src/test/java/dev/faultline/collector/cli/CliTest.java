package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.testing.SharedCollector;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class CliTest {

  @RegisterExtension static final SharedCollector shared = SharedCollector.fedBy(RunningCollector::feedFleet);
  @TempDir Path dir;

  @Test
  void servicesPrintsAnAlignedTable() {
    CommandRun r = run("services", "--address", shared.address());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertTrue(lines[0].startsWith("SERVICE   INSTANCE    HOST   PID  AGENT  LAST SEEN"), r.out());
    assertTrue(lines[1].startsWith("checkout  checkout-1  web-1  42   0.1.0  "), r.out());
    assertTrue(lines[2].startsWith("payments  payments-1  web-2"), r.out());
  }

  @Test
  void hostsPrintsEachHost() {
    CommandRun r = run("hosts", "--address", shared.address());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("web-1  no"), r.out());
    assertTrue(r.out().contains("web-2  yes"), r.out());
  }

  @Test
  void seriesFiltersAndShowsLastValue() {
    CommandRun r = run("series", "--address", shared.address(), "--service", "checkout",
        "--metric", "jvm_threads_live");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("jvm_threads_live{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}  3"),
        r.out());
  }

  @Test
  void queryTablePrintsTimeAndValue() {
    CommandRun r = run("query", "--address", shared.address(), "--since", "30m", "--table",
        "jvm_threads_live{service=\"payments\",instance=\"payments-1\",host=\"web-2\"}");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertEquals("TIME", lines[0].split("\\s+")[0]);
    assertTrue(lines[1].endsWith("  7"), r.out());
  }

  @Test
  void jsonFlagPrintsTheApiAnswer() throws Exception {
    CommandRun r = run("hosts", "--address", shared.address(), "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, new ObjectMapper().readTree(r.out()).path("hosts").size());
  }

  @Test
  void unknownSeriesIsOneErrorLineAndExit1() {
    CommandRun r = run("query", "--address", shared.address(), "nope{}");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("faultline: no series nope{}"), r.err());
    assertEquals(1, r.err().strip().lines().count());
  }

  @Test
  void unreachableCollectorIsOneErrorLineAndExit1() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    CommandRun r = run("services", "--address", "127.0.0.1:" + freePort);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cannot reach the collector at 127.0.0.1:" + freePort), r.err());
    assertEquals(1, r.err().strip().lines().count());
  }

  @Test
  void checkConfigAcceptsAValidFile() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.yaml"), "storage:\n  retention: 30m\n");
    CommandRun r = run("run", "--check-config", "--config", file.toString(), "--query-address", "127.0.0.1:1234");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("storage.retention=30m"), r.out());
    assertTrue(r.out().contains("query.address=127.0.0.1:1234"), r.out());
  }

  @Test
  void checkConfigRejectsUnknownKeyWithExit2AndOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "storage:\n  retension: 30m\n");
    CommandRun r = run("run", "--check-config", "--config", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("faultline: invalid configuration: storage.retension: unknown key"), r.err());
    assertEquals(1, r.err().strip().lines().count());
  }

  @Test
  void checkConfigValidatesMinFreeBytesAndSnapshotInterval() throws Exception {
    Path good = Files.writeString(dir.resolve("disk.yaml"),
        "storage:\n  min-free-bytes: 1GiB\n  snapshot-interval: 30s\n");
    CommandRun ok = run("run", "--check-config", "--config", good.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("storage.min-free-bytes=1073741824"), ok.out());
    assertTrue(ok.out().contains("storage.snapshot-interval=30s"), ok.out());
    Path bad = Files.writeString(dir.resolve("bad-disk.yaml"), "storage:\n  min-free-bytes: plenty\n");
    CommandRun r = run("run", "--check-config", "--config", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("faultline: invalid configuration: storage.min-free-bytes"), r.err());
  }

  @Test
  void benchRefusesAgentsCpusWithoutAgentsProcess() {
    CommandRun r = run("bench", "--agents-cpus", "1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--agents-cpus needs --agents-process"), r.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"run", "services", "hosts", "series", "query", "bench"}) {
      CommandRun r = run(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().contains("Usage: faultline " + command), r.out());
    }
  }
}
