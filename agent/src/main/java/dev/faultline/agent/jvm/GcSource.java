package dev.faultline.agent.jvm;

/** Per-collector totals since JVM start, indexed 0 .. {@link #count()} - 1 in a stable order. */
public interface GcSource {

  int count();

  /** The collector's name, e.g. "G1 Young Generation". */
  String name(int index);

  /** Collections so far; -1 when unknown. */
  long collections(int index);

  /** Accumulated collection time in milliseconds; -1 when unknown. */
  long timeMillis(int index);
}
