package dev.faultline.agent.instrument.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts exceptions by type and source (the endpoint or callee they escaped from). At most {@code maxKeys}
 * distinct pairs; beyond that occurrences are counted under type {@value EndpointStats#OVERFLOW}.
 *
 * <p>A ConcurrentHashMap with a small key object: this is the error path, where an exception was already
 * allocated and its stack filled in, so one more key allocation does not matter.
 */
final class ExceptionCounter {

  private final int maxKeys;
  private final Map<Key, Counter> counts = new ConcurrentHashMap<>();

  ExceptionCounter(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  void record(Throwable thrown, String source) {
    record(thrown.getClass().getName(), source);
  }

  /** Counts one occurrence of {@code type} (or any key: a log template) at {@code source}. */
  void record(String type, String source) {
    Key key = new Key(type, source);
    Counter counter = counts.get(key);
    if (counter == null) {
      if (counts.size() >= maxKeys) {
        key = new Key(EndpointStats.OVERFLOW, "");
      }
      counter = counts.computeIfAbsent(key, k -> new Counter());
    }
    counter.adder.increment();
  }

  /** The non-zero counts since the previous drain. Call from one thread at a time. */
  List<ExceptionSnapshot> drain() {
    List<ExceptionSnapshot> snapshots = new ArrayList<>();
    counts.forEach((key, counter) -> {
      long total = counter.adder.sum();
      long delta = total - counter.drained;
      counter.drained = total;
      if (delta > 0) {
        snapshots.add(new ExceptionSnapshot(key.type, key.source, delta));
      }
    });
    return snapshots;
  }

  private record Key(String type, String source) {}

  private static final class Counter {
    final LongAdder adder = new LongAdder();
    long drained; // drain thread only
  }
}
