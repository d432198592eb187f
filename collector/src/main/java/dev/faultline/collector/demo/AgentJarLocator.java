package dev.faultline.collector.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds {@code faultline-agent.jar} for the demo: next to the collector jar, in the build tree, or installed. */
public final class AgentJarLocator {

  static final String NAME = "faultline-agent.jar";

  private AgentJarLocator() {}

  /** The candidates, in the order they are tried. */
  static List<Path> candidates(Path collectorLocation, Path workingDir) {
    List<Path> paths = new ArrayList<>();
    Path dir = Files.isDirectory(collectorLocation) ? collectorLocation : collectorLocation.getParent();
    if (dir != null) {
      paths.add(dir.resolve(NAME));
      // collector/target/faultline-collector.jar -> agent/target/faultline-agent.jar
      Path moduleDir = dir.getParent();
      if (moduleDir != null && moduleDir.getParent() != null) {
        paths.add(moduleDir.getParent().resolve("agent/target").resolve(NAME));
      }
    }
    paths.add(workingDir.resolve("agent/target").resolve(NAME));
    paths.add(Path.of("/opt/faultline/lib").resolve(NAME));
    return paths;
  }

  /** The first existing candidate. */
  public static Optional<Path> locate() {
    Path own;
    try {
      own = Path.of(AgentJarLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      own = Path.of(".");
    }
    return candidates(own, Path.of("").toAbsolutePath()).stream().filter(Files::isRegularFile).findFirst();
  }
}
