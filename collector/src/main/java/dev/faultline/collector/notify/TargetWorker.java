package dev.faultline.collector.notify;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Delivers one target's backlog in order, on its own thread ({@code faultline-notify-NAME}), so that a slow or dead
 * receiver delays only its own notices. It takes the target's oldest pending delivery from the {@link Outbox}, waits
 * for its retry time and for the target's rate limit, and attempts it: success removes it; failure schedules the
 * next attempt after {@code retry-initial * 2^(attempts-1)}, capped at {@code retry-max}. Open and update notices are
 * given up after {@code max-attempts}; a resolve notice is retried until delivered.
 */
final class TargetWorker implements Runnable {

  private static final Logger log = Logger.getLogger(TargetWorker.class.getName());
  private static final long IDLE_WAIT_MILLIS = 1000;

  private final Target target;
  private final Outbox outbox;
  /** The notifier's current log (a reload with another size replaces it). */
  private final Supplier<NotificationLog> history;
  /** Counts an outcome: (target, result). */
  private final BiConsumer<String, String> count;
  private final LongSupplier clock;
  private final Thread thread;
  private final Object signal = new Object();
  private volatile boolean stopped;
  private volatile NotificationConfig settings;
  private RateLimiter limiter;
  private int ratePerMinute;

  TargetWorker(Target target, NotificationConfig settings, Outbox outbox, Supplier<NotificationLog> history,
      BiConsumer<String, String> count, LongSupplier clock) {
    this.target = target;
    this.settings = settings;
    this.outbox = outbox;
    this.history = history;
    this.count = count;
    this.clock = clock;
    this.thread = new Thread(this, "faultline-notify-" + target.config().name());
    this.thread.setDaemon(true);
  }

  TargetConfig targetConfig() {
    return target.config();
  }

  void start() {
    thread.start();
  }

  void settings(NotificationConfig c) {
    settings = c;
    wake();
  }

  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  void stop() {
    stopped = true;
    thread.interrupt();
  }

  void join() {
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    String name = target.config().name();
    while (!stopped) {
      NotificationConfig s = settings;
      long now = clock.getAsLong();
      if (limiter == null || ratePerMinute != s.ratePerMinute()) {
        limiter = new RateLimiter(s.ratePerMinute(), now);
        ratePerMinute = s.ratePerMinute();
      }
      Delivery d = outbox.first(name);
      long wait = d == null ? IDLE_WAIT_MILLIS : d.nextAttemptMillis() - now;
      if (wait <= 0) {
        wait = limiter.tryAcquire(now);
      }
      if (wait > 0) {
        await(Math.min(wait, IDLE_WAIT_MILLIS));
        continue;
      }
      attempt(d, s);
    }
  }

  private void attempt(Delivery d, NotificationConfig s) {
    String name = target.config().name();
    try {
      target.send(d.notice());
    } catch (DeliveryException e) {
      if (stopped) {
        return; // interrupted by a reload or the shutdown: not the receiver's fault, try again later
      }
      failed(d, s, e.getMessage());
      return;
    } catch (RuntimeException e) {
      failed(d, s, e.toString());
      return;
    }
    long now = clock.getAsLong();
    outbox.done(d.seq());
    history.get().record(d, NotificationLog.Status.DELIVERED, now);
    count.accept(name, "delivered");
    log.info(() -> "notified " + name + ": " + d.notice().event().word() + " " + d.notice().incidentId()
        + (d.attempts() > 0 ? " (attempt " + (d.attempts() + 1) + ")" : ""));
  }

  private void failed(Delivery d, NotificationConfig s, String error) {
    String name = target.config().name();
    long now = clock.getAsLong();
    count.accept(name, "failed_attempt");
    int attempts = d.attempts() + 1;
    if (d.notice().event() != NotifyEvent.RESOLVE && attempts >= s.maxAttempts()) {
      outbox.done(d.seq());
      history.get().record(d.failed(error, now), NotificationLog.Status.GAVE_UP, now);
      count.accept(name, "gave_up");
      log.warning(() -> "gave up notifying " + name + " of " + d.notice().event().word() + " "
          + d.notice().incidentId() + " after " + attempts + " attempts: " + error);
      return;
    }
    Delivery next = d.failed(error, now + backoffMillis(s, attempts));
    outbox.put(next);
    history.get().record(next, NotificationLog.Status.RETRYING, now);
    if (attempts == 1) {
      log.warning(() -> "notifying " + name + " of " + d.notice().event().word() + " " + d.notice().incidentId()
          + " failed, retrying: " + error);
    } else {
      log.fine(() -> "notifying " + name + " failed again (attempt " + attempts + "): " + error);
    }
  }

  private void await(long millis) {
    synchronized (signal) {
      try {
        signal.wait(Math.max(1, millis));
      } catch (InterruptedException e) {
        stopped = true;
      }
    }
  }

  /** {@code retry-initial * 2^(attempts-1)}, capped at {@code retry-max}; package-private for RetryAndRateTest. */
  static long backoffMillis(NotificationConfig s, int attempts) {
    long initial = s.retryInitial().toMillis();
    long max = s.retryMax().toMillis();
    int shift = Math.min(attempts - 1, 30);
    return Math.min(max, initial << shift);
  }
}
