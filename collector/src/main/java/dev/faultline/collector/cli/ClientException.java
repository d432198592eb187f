package dev.faultline.collector.cli;

/** A client command failed in a way the user can act on; the message is the one line to print. */
final class ClientException extends Exception {

  private static final long serialVersionUID = 1L;

  ClientException(String message) {
    super(message, null, false, false);
  }
}
