package dev.faultline.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the build's products, found from the working directory Maven runs the tests in. */
public final class Repo {

  private Repo() {}

  /** The repository root: the nearest ancestor holding both {@code agent/} and {@code collector/}. */
  public static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("agent")) && Files.isDirectory(d.resolve("collector"))) {
        return d;
      }
    }
    throw new IllegalStateException("cannot find the repository root above " + dir);
  }

  public static Path agentJar() {
    return existing(root().resolve("agent/target/faultline-agent.jar"));
  }

  public static Path collectorJar() {
    return existing(root().resolve("collector/target/faultline-collector.jar"));
  }

  /** The OpenTelemetry Java agent, copied from Maven Central by the e2e build (execution {@code otel-javaagent}). */
  public static Path otelAgentJar() {
    return existing(root().resolve("e2e/target/otel/opentelemetry-javaagent.jar"));
  }

  /** The compiled test classes of this module: the class path of the test applications. */
  public static Path testClasses() {
    return existing(root().resolve("e2e/target/test-classes"));
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " does not exist: run `mvn package` (or `mvn verify`) first");
    }
    return path;
  }
}
