package dev.faultline.agent.bootstrap;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The {@link ThreadPoolExecutor}s this JVM has submitted tasks to, so that the agent can report how busy they are
 * ({@code thread_pool_busy_ratio}). The executor advice calls {@link #seen} on every {@code execute}; the metrics
 * thread reads {@link #pools}. Pools are held weakly (a pool the application drops is forgotten) and at most
 * {@link #MAX_POOLS} are tracked.
 *
 * <pre>{@code
 * ThreadPools.seen(this);   // in ThreadPoolExecutor.execute(Runnable), before the body runs
 * }</pre>
 */
public final class ThreadPools {

  /** Pools tracked at most: a JVM that creates pools without bound is not described by its first ones anyway. */
  public static final int MAX_POOLS = 32;

  private static volatile boolean enabled;
  // Copy-on-write: the advice's lookup reads the array without a lock and without allocating.
  private static volatile WeakReference<?>[] known = new WeakReference<?>[0];

  private ThreadPools() {}

  /** Turns tracking on or off (the executor library's kill switch). */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** Remembers {@code executor} when it is a {@link ThreadPoolExecutor} not tracked yet. */
  public static void seen(Object executor) {
    if (!enabled || !(executor instanceof ThreadPoolExecutor)) {
      return;
    }
    for (WeakReference<?> ref : known) {
      if (ref.get() == executor) {
        return;
      }
    }
    add(executor);
  }

  private static synchronized void add(Object executor) {
    List<WeakReference<?>> next = new ArrayList<>();
    for (WeakReference<?> ref : known) {
      Object pool = ref.get();
      if (pool == executor) {
        return;
      }
      if (pool != null) {
        next.add(ref);
      }
    }
    if (next.size() < MAX_POOLS) {
      next.add(new WeakReference<>(executor));
    }
    known = next.toArray(new WeakReference<?>[0]);
  }

  /** The pools tracked and still reachable. */
  public static List<ThreadPoolExecutor> pools() {
    List<ThreadPoolExecutor> out = new ArrayList<>();
    for (WeakReference<?> ref : known) {
      Object pool = ref.get();
      if (pool != null) {
        out.add((ThreadPoolExecutor) pool);
      }
    }
    return out;
  }
}
