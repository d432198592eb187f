package dev.faultline.collector.incident;

/**
 * Whether two services are neighbours (one calls the other), as far as the call graph is known. The grouper
 * treats anomalies on neighbouring services as related; the RCA topology plugs in here.
 *
 * <pre>{@code
 * EntityRelation none = EntityRelation.NONE;                        // only same service or host relate
 * EntityRelation graph = (a, b) -> edges.contains(a, b) || edges.contains(b, a);
 * }</pre>
 */
@FunctionalInterface
public interface EntityRelation {

  /** No call graph known: nothing is a neighbour. */
  EntityRelation NONE = (a, b) -> false;

  /** True when service {@code a} calls {@code b} or {@code b} calls {@code a}. Must be thread-safe. */
  boolean neighbours(String a, String b);
}
