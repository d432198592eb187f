package dev.faultline.collector.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAndRateTest {

  @Test
  void backoffDoublesFromTheInitialDelayUpToTheCap() {
    NotificationConfig c = NotificationConfig.none().withRetry(Duration.ofSeconds(1), Duration.ofSeconds(5), 10);
    assertEquals(1000, TargetWorker.backoffMillis(c, 1));
    assertEquals(2000, TargetWorker.backoffMillis(c, 2));
    assertEquals(4000, TargetWorker.backoffMillis(c, 3));
    assertEquals(5000, TargetWorker.backoffMillis(c, 4));
    assertEquals(5000, TargetWorker.backoffMillis(c, 1000), "no overflow after many attempts");
  }

  @Test
  void theBucketAllowsABurstThenOnePerIntervalAndSaysHowLongToWait() {
    RateLimiter limiter = new RateLimiter(6, 0); // 6 per minute: one every 10 s
    for (int i = 0; i < 6; i++) {
      assertEquals(0, limiter.tryAcquire(0));
    }
    assertEquals(10_000, limiter.tryAcquire(0));
    assertEquals(4_000, limiter.tryAcquire(6_000), "waiting takes no token");
    assertEquals(0, limiter.tryAcquire(10_000));
    assertEquals(10_000, limiter.tryAcquire(10_000));
    assertEquals(0, limiter.tryAcquire(10_000_000));
  }
}
