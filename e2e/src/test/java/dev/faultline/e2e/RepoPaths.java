package dev.faultline.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the repository root from wherever Maven or an IDE started the tests. */
final class RepoPaths {

  private RepoPaths() {}

  /** The nearest directory, from {@code maven.multiModuleProjectDirectory} or {@code user.dir} upwards, with both pom.xml and agent/pom.xml. */
  static Path root() {
    for (String start : new String[] {System.getProperty("maven.multiModuleProjectDirectory"),
        System.getProperty("user.dir")}) {
      if (start == null) {
        continue;
      }
      for (Path p = Paths.get(start).toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("agent/pom.xml"))) {
          return p;
        }
      }
    }
    throw new IllegalStateException("repository root not found from user.dir=" + System.getProperty("user.dir"));
  }

  static Path agentJar() {
    Path jar = root().resolve("agent/target/faultline-agent.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " missing: package the agent module first");
    }
    return jar;
  }
}
