package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.Repo;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Issue #3: the agent jar stays at most 12,000,000 bytes (see the shade filters in agent/pom.xml). */
class AgentJarSizeTest {

  static final long MAX_BYTES = 12_000_000L;

  @Test
  void agentJarIsAtMostTwelveMillionBytes() throws Exception {
    long size = Files.size(Repo.agentJar());
    assertTrue(size <= MAX_BYTES, "agent/target/faultline-agent.jar is " + size + " bytes, over the " + MAX_BYTES
        + "-byte budget of issue #3: exclude unused parts of a bundled library in agent/pom.xml (shade filters)"
        + " or drop a dependency");
  }
}
