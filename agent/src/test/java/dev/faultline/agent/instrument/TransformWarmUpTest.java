package dev.faultline.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransformWarmUpTest {

  @Test
  void warmUpRedefinesItsTargetWithTheAgentsByteBuddySettings() {
    // A warm-up that fails silently (a byte-buddy upgrade, a renamed advice) would put the cold first
    // transformation back on the application's threads.
    assertTrue(TransformWarmUp.run(AgentBuilderFactory.byteBuddy(), TransformWarmUp.class.getClassLoader()));
  }
}
