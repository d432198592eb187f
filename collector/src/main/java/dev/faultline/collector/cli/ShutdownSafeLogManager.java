package dev.faultline.collector.cli;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that ignores the reset the JDK runs from its own shutdown hook. Without it, the JDK's hook
 * races ours and closes the stderr handler before the daemon logs how it stopped. Installed by
 * {@link FaultlineCommand#main} through {@code java.util.logging.manager}, before any logger exists.
 */
public final class ShutdownSafeLogManager extends LogManager {

  /** The JDK's shutdown-hook thread class (JDK 9+); resets from it are skipped. */
  private static final String JDK_CLEANER = "java.util.logging.LogManager$Cleaner";

  @Override
  public void reset() {
    if (!Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
      super.reset();
    }
  }
}
