package dev.faultline.collector.demo;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The own work of a demo service per request: a simulated downstream wait (a database or remote call: the thread
 * waits, the CPU is idle) plus a little CPU, run on a fixed number of workers. Requests beyond the workers queue for
 * one, so the service's latency rises with its own load as it nears {@code workers / mean wait} requests per second,
 * whatever the machine's load: the queueing behaviour the performance models learn. The pool is a plain {@link
 * java.util.concurrent.ThreadPoolExecutor}, so the agent reports its saturation ({@code thread_pool_busy_ratio}).
 *
 * <p>The wait is half fixed and half exponential (mean {@code waitMillis}, coefficient of variation 0.5): a floor
 * like a network round trip, and a tail. With {@code workers == 0} the work runs on the caller's thread (no queue).
 */
final class WorkerPool implements AutoCloseable {

  /** System property: the number of workers (0 = no pool). */
  static final String WORKERS_PROPERTY = "demo.workers";
  /** System property: the mean simulated downstream wait per request, in milliseconds. */
  static final String WAIT_PROPERTY = "demo.waitMillis";

  private final int workers;
  private final double waitMillis;
  private final ExecutorService pool;

  WorkerPool(int workers, double waitMillis) {
    if (workers < 0 || !(waitMillis >= 0)) {
      throw new IllegalArgumentException("workers must be >= 0 and waitMillis >= 0, got " + workers + " and "
          + waitMillis);
    }
    this.workers = workers;
    this.waitMillis = waitMillis;
    this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "demo-worker");
      t.setDaemon(true);
      return t;
    });
  }

  /** The pool the system properties describe (no pool and no wait by default). */
  static WorkerPool fromSystemProperties() {
    return new WorkerPool(Integer.getInteger(WORKERS_PROPERTY, 0),
        Double.parseDouble(System.getProperty(WAIT_PROPERTY, "0")));
  }

  int workers() {
    return workers;
  }

  /** Runs one request's work (the wait, then {@code cpuWork}) on a worker, queueing for one when all are busy. */
  void run(Runnable cpuWork) throws InterruptedException {
    Runnable work = () -> {
      waitDownstream();
      cpuWork.run();
    };
    if (pool == null) {
      work.run();
      return;
    }
    try {
      pool.submit(work).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("demo work failed", e.getCause());
    }
  }

  private void waitDownstream() {
    if (waitMillis <= 0) {
      return;
    }
    double exponential = -Math.log(1.0 - ThreadLocalRandom.current().nextDouble());
    long nanos = (long) (waitMillis * 1e6 * (0.5 + 0.5 * exponential));
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
