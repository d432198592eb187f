package dev.faultline.agent.net;

import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th delay is drawn uniformly from [d/2, d] where
 * d = min(cap, initial * 2^n). The cap is low (seconds) so that a collector that comes back is found quickly;
 * the jitter keeps a fleet of agents from reconnecting in lockstep after a collector restart. Not thread-safe.
 */
final class Backoff {

  private final long initialMillis;
  private final long capMillis;
  private final DoubleSupplier random;
  private long current;

  /** @param random values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
  Backoff(long initialMillis, long capMillis, DoubleSupplier random) {
    this.initialMillis = initialMillis;
    this.capMillis = capMillis;
    this.random = random;
    this.current = initialMillis;
  }

  /** The next delay in milliseconds; grows until the cap. */
  long nextDelayMillis() {
    long d = current;
    current = Math.min(capMillis, current * 2);
    return d / 2 + (long) (random.getAsDouble() * (d - d / 2));
  }

  /** Starts over at the initial delay, after a successful handshake. */
  void reset() {
    current = initialMillis;
  }
}
