package dev.faultline.collector.cluster;

/** A cluster role cannot start: Kafka unreachable, a topic missing or not creatable. The message says what to do. */
public final class ClusterStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ClusterStartException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClusterStartException(String message) {
    super(message);
  }
}
