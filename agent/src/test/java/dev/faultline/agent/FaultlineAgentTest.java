package dev.faultline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FaultlineAgentTest {

  private static Set<String> faultlineThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("faultline-") && !n.equals("faultline-start")).collect(Collectors.toSet());
  }

  @Test
  void killSwitchStartsNothingAndPremainReturnsAtOnce() throws Exception {
    Set<String> before = faultlineThreads();
    FaultlineAgent.premain("enabled=false", null);
    // Start-up runs on its own daemon thread; give it time to (not) do anything.
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("faultline-start")) {
        t.join(5_000);
      }
    }
    assertEquals(before, faultlineThreads());
    assertNull(AgentRuntime.instrumentation());
  }

  @Test
  void nettyPropertiesFollowTheRelocatedPackage() {
    // Unshaded in unit tests; "dev.faultline.agent.shaded.io.netty" inside the agent jar.
    assertEquals("io.netty", NettySettings.nettyPackagePrefix());
  }
}
