package dev.faultline.collector.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs Debian's headless Chromium once per call, with a fresh profile, no network but what the page asks for,
 * and a virtual-time budget so that the page's timers and fetches settle before the DOM is read.
 *
 * <pre>{@code
 * HeadlessChromium chromium = new HeadlessChromium(HeadlessChromium.DEFAULT_BINARY);
 * String dom = chromium.render(uri, Path.of("target/screenshots/overview.png"));
 * }</pre>
 */
final class HeadlessChromium {

  static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");

  /** Virtual milliseconds the page may run before the DOM is dumped or the screenshot taken. */
  static final int VIRTUAL_TIME_BUDGET_MILLIS = 5000;
  private static final long TIMEOUT_SECONDS = 25;

  private final Path binary;

  HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /**
   * Loads the page once, saves a 1400x900 PNG of it to {@code screenshot} and returns the serialised DOM.
   * One run does both because starting Chromium is most of the cost. Fails when the page logged an uncaught
   * error or a content-security-policy refusal.
   */
  String render(URI page, Path screenshot) throws IOException, InterruptedException {
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Files.deleteIfExists(screenshot);
    Result r = run(page, List.of("--dump-dom", "--screenshot=" + screenshot.toAbsolutePath(),
        "--window-size=1400,900", "--hide-scrollbars"));
    if (!Files.exists(screenshot)) {
      throw new AssertionError("chromium wrote no screenshot " + screenshot + "; its log:\n" + r.stderr);
    }
    List<String> pageErrors = r.stderr.lines()
        .filter(l -> l.contains(":CONSOLE") && (l.contains("Uncaught") || l.contains("Refused to")))
        .collect(Collectors.toList());
    if (!pageErrors.isEmpty()) {
      throw new AssertionError("the page logged errors:\n" + String.join("\n", pageErrors));
    }
    return r.stdout;
  }

  private Result run(URI page, List<String> extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("faultline-chromium-");
    Path out = Files.createTempFile("chromium-out", ".txt");
    Path err = Files.createTempFile("chromium-err", ".txt");
    try {
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
          "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
          "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MILLIS,
          "--enable-logging=stderr", "--v=0"));
      command.addAll(extra);
      command.add(page.toString());
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s; its log:\n"
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      Result result = new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      if (process.exitValue() != 0) {
        throw new AssertionError("chromium exited with " + process.exitValue() + "; its log:\n" + result.stderr);
      }
      return result;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private record Result(String stdout, String stderr) {}
}
