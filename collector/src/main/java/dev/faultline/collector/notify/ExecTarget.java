package dev.faultline.collector.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs the configured command (no shell) with the notice as generic JSON ({@link Payloads#json}) on standard input
 * and {@code FAULTLINE_EVENT}, {@code FAULTLINE_INCIDENT_ID} and {@code FAULTLINE_INCIDENT_STATUS} in its
 * environment. Exit code 0 is a delivery; another exit code or running past the timeout (the process is then
 * killed) is a failed attempt. The last run's output (stdout and stderr) is kept in {@code <dir>/exec-NAME.out};
 * its last line goes into the failure message.
 */
final class ExecTarget implements Target {

  private static final ObjectMapper json = new ObjectMapper();

  private final TargetConfig config;
  private final Path output;
  private final java.util.function.Supplier<String> externalUrl;
  private final LongSupplier clock;

  ExecTarget(TargetConfig config, Path dir, java.util.function.Supplier<String> externalUrl,
      LongSupplier clock) {
    this.config = config;
    this.output = dir.resolve("exec-" + config.name() + ".out");
    this.externalUrl = externalUrl;
    this.clock = clock;
  }

  @Override
  public TargetConfig config() {
    return config;
  }

  @Override
  public void send(Notice notice) throws DeliveryException {
    ProcessBuilder pb = new ProcessBuilder(config.command()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().put("FAULTLINE_EVENT", notice.event().word());
    pb.environment().put("FAULTLINE_INCIDENT_ID", notice.incidentId());
    pb.environment().put("FAULTLINE_INCIDENT_STATUS", String.valueOf(notice.incident().get("status")));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new DeliveryException("cannot run " + config.command().get(0) + ": " + e.getMessage());
    }
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(json.writeValueAsString(Payloads.json(notice, externalUrl.get(), clock.getAsLong()))
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the command may exit without reading its input; its exit code decides
    }
    try {
      if (!process.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DeliveryException(config.command().get(0) + " did not finish within "
            + config.timeout().toMillis() + " ms; killed");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted (collector stopping)");
    }
    if (process.exitValue() != 0) {
      throw new DeliveryException(config.command().get(0) + " exited with " + process.exitValue() + lastLine());
    }
  }

  private String lastLine() {
    try {
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i).strip();
        if (!l.isEmpty()) {
          return ": " + (l.length() > 200 ? l.substring(0, 200) + "..." : l);
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // no output to quote
    }
    return "";
  }
}
