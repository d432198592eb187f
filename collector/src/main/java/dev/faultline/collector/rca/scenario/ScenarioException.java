package dev.faultline.collector.rca.scenario;

/** A scenario folder is missing a file or has a malformed one; the message names the file and what is wrong. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
