package dev.faultline.collector.rca;

import java.util.Objects;

/**
 * A count of log lines of one error template or exception type at a service in one step, the log evidence input.
 *
 * @param service the node that logged
 * @param timestampSeconds epoch seconds, floored to the step
 * @param template error-log template or exception class name
 * @param count occurrences in the step, at least 1
 */
public record LogEvent(String service, long timestampSeconds, String template, long count) {
  public LogEvent {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(template, "template");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
  }
}
