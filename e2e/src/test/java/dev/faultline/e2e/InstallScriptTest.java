package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.e2e.support.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * install/install.sh from the release archive into a staging root (DESTDIR-style): the layout, idempotence,
 * an edited configuration kept, uninstall keeping configuration and data unless purged, and the unit passing
 * {@code systemd-analyze verify}.
 */
@Timeout(120)
class InstallScriptTest {

  @TempDir Path root;

  @Test
  void installsFromTheReleaseArchiveIdempotentlyAndUninstalls() throws Exception {
    Path archive = Repo.root().resolve("install/target/faultline-0.1.0.tar.gz");
    assertTrue(Files.isRegularFile(archive), "mvn package builds " + archive);

    assertEquals(0, install("--from", archive.toString(), "--no-start").exit, "first install");
    Path prefix = root.resolve("opt/faultline");
    assertTrue(Files.isRegularFile(prefix.resolve("lib/faultline-collector.jar")));
    assertTrue(Files.isRegularFile(prefix.resolve("lib/faultline-agent.jar")));
    assertTrue(Files.isExecutable(prefix.resolve("bin/faultline")));
    assertTrue(Files.isRegularFile(prefix.resolve("LICENSE")));
    assertTrue(Files.isDirectory(root.resolve("var/lib/faultline")));
    Path config = root.resolve("etc/faultline/collector.yaml");
    Path unit = root.resolve("etc/systemd/system/faultline-collector.service");
    assertTrue(Files.isRegularFile(config));
    assertTrue(Files.readString(unit).contains("ExecStart=/opt/faultline/bin/faultline run"));
    assertEquals("/opt/faultline/bin/faultline", Files.readSymbolicLink(root.resolve("usr/local/bin/faultline")).toString());

    Files.writeString(config, "# edited by the operator\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    String edited = Files.readString(config);
    Result again = install("--from", archive.toString(), "--no-start");
    assertEquals(0, again.exit, again.output);
    assertEquals(edited, Files.readString(config), "an edited configuration is never overwritten");
    assertTrue(again.output.contains("kept existing"), again.output);

    Files.writeString(root.resolve("var/lib/faultline/some-data"), "x");
    assertEquals(0, install("--uninstall").exit);
    assertFalse(Files.exists(prefix));
    assertFalse(Files.exists(unit));
    assertTrue(Files.exists(config), "configuration kept");
    assertTrue(Files.exists(root.resolve("var/lib/faultline/some-data")), "data kept");

    assertEquals(0, install("--uninstall", "--purge").exit);
    assertFalse(Files.exists(config));
    assertFalse(Files.exists(root.resolve("var/lib/faultline")));
  }

  @Test
  void unknownOptionIsAClearError() throws Exception {
    Result result = install("--frobnicate");
    assertEquals(2, result.exit);
    assertTrue(result.output.contains("unknown option '--frobnicate'"), result.output);
  }

  @Test
  void systemdUnitPassesVerify() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
        "systemd-analyze is not installed (.ci/run installs it)");
    // Verify the unit as installed, with its ExecStart pointing at a real executable in the staging root.
    assertEquals(0, install("--from", Repo.root().toString(), "--no-start").exit);
    Path staged = root.resolve("opt/faultline");
    String unit = Files.readString(Repo.root().resolve("install/faultline-collector.service"))
        .replace("/opt/faultline", staged.toString());
    Path dir = Files.createDirectories(root.resolve("verify"));
    Path file = dir.resolve("faultline-collector.service");
    Files.writeString(file, unit);
    Result verify = run(List.of("systemd-analyze", "verify", file.toString()));
    assertEquals(0, verify.exit, verify.output);
    assertFalse(verify.output.contains("faultline-collector.service:"), "no warnings about the unit: " + verify.output);
  }

  private Result install(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", Repo.root().resolve("install/install.sh").toString(),
        "--destdir", root.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
