package dev.faultline.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cli.FaultlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --check-config} binds and validates the {@code cluster:} section, the shipped sample included. */
class ClusterConfigCheckTest {

  private static final Path SAMPLE = Path.of("..", "install", "collector.yaml");

  @TempDir Path dir;

  @Test
  void theSampleIsSingleAndItsCommentedGatewayKeysAreValid() throws Exception {
    String sample = Files.readString(SAMPLE);
    String[] plain = check(Files.writeString(dir.resolve("a.yaml"), sample));
    assertEquals("0", plain[0], plain[2]);
    assertTrue(plain[1].contains("cluster: single"), plain[1]);

    int section = sample.indexOf("\ncluster:\n");
    assertTrue(section > 0, "the sample documents cluster:");
    String gateway = sample.substring(0, section) + sample.substring(section)
        .replace("  role: single\n", "  role: gateway\n")
        .replaceAll("(?m)^  # (bootstrap-servers|node-id|replication-factor|kafka): ", "  $1: ");
    String[] r = check(Files.writeString(dir.resolve("b.yaml"), gateway));
    assertEquals("0", r[0], r[2] + "\n" + gateway.substring(section));
    assertTrue(r[1].contains("cluster: role gateway, node gw-1, brokers kafka-1:9092,kafka-2:9092,kafka-3:9092"),
        r[1]);
    assertTrue(r[1].contains("replication 3"), r[1]);
    assertTrue(r[1].contains("2 Kafka client properties"), r[1]);
  }

  @Test
  void aBadClusterKeyIsOneLineNamingIt() throws Exception {
    String[] r = check(Files.writeString(dir.resolve("bad.yaml"), "cluster:\n  role: gateway\n"));
    assertEquals("2", r[0]);
    assertTrue(r[2].startsWith("faultline: invalid configuration: cluster.bootstrap-servers: required"), r[2]);
    assertEquals(1, r[2].strip().lines().count());
    String[] typo = check(Files.writeString(dir.resolve("typo.yaml"), "cluster:\n  partitons: 3\n"));
    assertEquals("2", typo[0]);
    assertTrue(typo[2].startsWith("faultline: invalid configuration: cluster.partitons: unknown key"), typo[2]);
    assertFalse(typo[2].contains("\n" + "x"));
  }

  /** Exit code, stdout, stderr. */
  private static String[] check(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new FaultlineCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("run", "--check-config", "--config", file.toString());
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }
}
