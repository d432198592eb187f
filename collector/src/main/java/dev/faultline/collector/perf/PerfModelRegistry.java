package dev.faultline.collector.perf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest trained model per service, with the history it was trained on (the capacity forecast fits its load
 * trend on that window). Written by the trainer thread, read by query threads: entries are immutable and replaced
 * whole, so readers never see a half-trained model. Thread-safe.
 */
public final class PerfModelRegistry {

  /**
   * A trained model and its training window.
   *
   * @param model the model
   * @param history the rows it was trained on
   */
  public record Entry(ServicePerfModel model, ServiceHistory history) {}

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Publishes (or replaces) the model of {@code model.service()}. */
  public void put(ServicePerfModel model, ServiceHistory history) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(history, "history");
    entries.put(model.service(), new Entry(model, history));
  }

  /** The latest entry of {@code service}, if one was trained. */
  public Optional<Entry> get(String service) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(service, "service")));
  }

  /** Services with a model, sorted. */
  public List<String> services() {
    return entries.keySet().stream().sorted().toList();
  }
}
