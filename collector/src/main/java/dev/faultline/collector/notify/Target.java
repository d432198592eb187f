package dev.faultline.collector.notify;

/** Where notices go. Implementations are thread-confined to their target's worker; {@link #send} may block. */
public interface Target {

  TargetConfig config();

  /**
   * Sends one notice, within the target's timeout.
   *
   * @throws DeliveryException when it was not accepted (it will be retried)
   */
  void send(Notice notice) throws DeliveryException;
}
