package dev.faultline.collector.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what other threads, processes or a broker do, bounded in time. */
public final class Polling {

  private static final long INTERVAL_MILLIS = 100;

  private Polling() {}

  /**
   * Returns once {@code condition} holds, checking it every 100 ms.
   *
   * @throws AssertionError naming {@code what} when it still does not hold after {@code timeout}
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
  }
}
