package dev.faultline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reading the configuration is the agent's first start-up step, before the instrumentation is installed: on JDK
 * 17-23 it must not load {@code java.lang.management} (30-60 ms of CPU), which only JDK 24+ needs for the host
 * metrics note. Checked in a fresh JVM, since this test's own JVM has it loaded already.
 */
class ConfigStartupCostTest {

  /** The child JVM: reads the configuration as the agent does and prints the service name. */
  public static final class ReadConfiguration {
    public static void main(String[] args) {
      System.out.println("service=" + AgentConfigLoader.fromSystem("service=probe", message -> {}, () -> "h")
          .service());
    }
  }

  @Test
  void readingTheConfigurationLoadsNoManagementClassesBeforeJdk24() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
        ReadConfiguration.class.getName()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("service=probe"), output);
    boolean management = output.contains("java.lang.management.ManagementFactory ");
    if (Runtime.version().feature() < AgentConfigLoader.FIRST_WARNING_JDK) {
      assertFalse(management, "java.lang.management loaded while reading the configuration");
    } else {
      assertTrue(management, "JDK 24+ reads the JVM arguments for the host metrics note");
    }
  }
}
