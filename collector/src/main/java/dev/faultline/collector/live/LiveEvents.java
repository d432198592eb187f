package dev.faultline.collector.live;

/** Where live analysis publishes changes (the {@code /api/v1/events} stream). Thread-safe, never blocks. */
@FunctionalInterface
public interface LiveEvents {

  LiveEvents NONE = (type, data) -> { };

  /** Publishes an event of {@code type} (anomaly, incident, topology) with {@code data} (written as JSON). */
  void publish(String type, Object data);
}
