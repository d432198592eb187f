package dev.faultline.collector.notify;

/**
 * One notice on its way to one target, as kept in the {@link Outbox}.
 *
 * @param seq order of creation; a target gets its deliveries in this order
 * @param target the target's name
 * @param notice what to send
 * @param attempts failed attempts so far
 * @param nextAttemptMillis not before this (wall clock)
 * @param lastError why the last attempt failed, or null
 */
public record Delivery(long seq, String target, Notice notice, int attempts, long nextAttemptMillis,
    String lastError) {

  Delivery failed(String error, long nextAttempt) {
    return new Delivery(seq, target, notice, attempts + 1, nextAttempt, error);
  }

  Delivery withNotice(Notice newer) {
    return new Delivery(seq, target, newer, attempts, nextAttemptMillis, lastError);
  }
}
