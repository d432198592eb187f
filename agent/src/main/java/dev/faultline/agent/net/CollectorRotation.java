package dev.faultline.agent.net;

import dev.faultline.agent.config.Endpoint;
import java.util.List;

/**
 * The configured collectors in failover order: which one to try next, and whether a collector that accepted this
 * agent means a switch.
 *
 * <pre>{@code
 * CollectorRotation rotation = new CollectorRotation(List.of(a, b));
 * connect(rotation.next());            // a: the first of the list is tried first
 * rotation.moveOn();                   // a refused, lost or rejected the connection: try b next
 * Endpoint from = rotation.accepted(b); // a: b serves the agent now instead of a, one switch counted
 * }</pre>
 *
 * <p>Every connection that ends, for whatever reason, moves on to the next address (round robin), so a collector
 * that went away is not retried before the others were; the caller waits a backoff delay between attempts. The
 * agent does not fail back on its own: it stays with the collector that serves it until that one is lost.
 *
 * <p>A switch is a handshake with a collector other than the one the previous handshake was with; before the
 * first handshake that one is the first of the list, so an agent whose first collector is down at start counts
 * (and says) that it reports elsewhere. With one address there are no switches. Confined to the network thread,
 * except {@link #switches()}, which any thread may read.
 */
final class CollectorRotation {

  private final List<Endpoint> endpoints;
  private int nextIndex;
  private Endpoint servedBy;
  private volatile long switches;

  /** @param endpoints failover order, not empty */
  CollectorRotation(List<Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("endpoints must not be empty");
    }
    this.endpoints = List.copyOf(endpoints);
    this.servedBy = this.endpoints.get(0);
  }

  /** The collector to try now. */
  Endpoint next() {
    return endpoints.get(nextIndex);
  }

  /** The current attempt or connection ended: the next attempt goes to the following address, wrapping around. */
  void moveOn() {
    nextIndex = (nextIndex + 1) % endpoints.size();
  }

  /**
   * Records that {@code endpoint} accepted the handshake.
   *
   * @return the collector that served the agent before, when this is a switch; null when it is the same one
   */
  Endpoint accepted(Endpoint endpoint) {
    if (endpoint.equals(servedBy)) {
      return null;
    }
    Endpoint previous = servedBy;
    servedBy = endpoint;
    switches++;
    return previous;
  }

  /** The collector that accepted the last handshake (before any, the first of the list). */
  Endpoint servedBy() {
    return servedBy;
  }

  /** Switches since start; safe to read from any thread. */
  long switches() {
    return switches;
  }

  int size() {
    return endpoints.size();
  }
}
