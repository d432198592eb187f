package dev.faultline.agent.instrument;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Attaches the agent and injects the bootstrap bridge when the JUnit session opens, before test discovery links
 * (and so verifies, loading the types it checks) any test class: otherwise a test class referring to a bridge type
 * could load that type through the application loader first and split the bridge in two. This is the test-time
 * equivalent of premain calling {@link Instrumenter#install} before the application starts.
 */
public final class BridgeLauncherSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    AgentTestSupport.instrumentation();
  }
}
