package dev.faultline.collector.notify;

/** One attempt failed; the message says why in one line (HTTP status, exit code, timeout) and holds no secret. */
public final class DeliveryException extends Exception {

  private static final long serialVersionUID = 1L;

  public DeliveryException(String message) {
    super(message, null, false, false);
  }
}
