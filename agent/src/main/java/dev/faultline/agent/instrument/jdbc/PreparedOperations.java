package dev.faultline.agent.instrument.jdbc;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The operation of each prepared statement, keyed weakly by the statement (its SQL is not kept), readable from any
 * thread. Striped by the statement's hash: one synchronized map for all threads was taken twice per request
 * (prepare, execute) by every request thread of a service that prepares a statement per request, and under load the
 * threads queued on its monitor.
 */
final class PreparedOperations {

  private static final int STRIPES = 16; // a power of two, about the request threads of a busy service

  @SuppressWarnings("unchecked")
  private final Map<Object, SqlOperation>[] stripes = new Map[STRIPES];

  PreparedOperations() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new WeakHashMap<>();
    }
  }

  void put(Object statement, SqlOperation operation) {
    Map<Object, SqlOperation> stripe = stripe(statement);
    synchronized (stripe) {
      stripe.put(statement, operation);
    }
  }

  /** The operation {@code statement} was prepared with, or {@link SqlOperation#OTHER}. */
  SqlOperation get(Object statement) {
    Map<Object, SqlOperation> stripe = stripe(statement);
    synchronized (stripe) {
      SqlOperation operation = stripe.get(statement);
      return operation != null ? operation : SqlOperation.OTHER;
    }
  }

  private Map<Object, SqlOperation> stripe(Object statement) {
    int h = statement.hashCode(); // the hash WeakHashMap itself uses, so equal statements share a stripe
    return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }
}
