package dev.faultline.collector.notify;

/**
 * A token bucket: up to {@code perMinute} deliveries at once, refilled at {@code perMinute} per minute. Not
 * thread-safe (one per target worker).
 */
final class RateLimiter {

  private final double capacity;
  private final double perMilli;
  private double tokens;
  private long lastMillis;

  RateLimiter(int perMinute, long nowMillis) {
    this.capacity = perMinute;
    this.perMilli = perMinute / 60_000.0;
    this.tokens = perMinute;
    this.lastMillis = nowMillis;
  }

  /** Takes a token and answers 0, or answers how many milliseconds until one is there (taking none). */
  long tryAcquire(long nowMillis) {
    tokens = Math.min(capacity, tokens + Math.max(0, nowMillis - lastMillis) * perMilli);
    lastMillis = nowMillis;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perMilli);
  }
}
