package dev.faultline.collector.perf;

import java.util.Optional;
import java.util.Set;

/**
 * Where the trainer reads per-service feature history; the wiring implements it over the store. Called only from
 * the trainer thread, never from ingest. Implementations should return a snapshot (a {@link ServiceHistory} is
 * immutable) and may bound the window themselves; the trainer applies its own row budget on top.
 */
public interface HistorySource {

  /** The services to model. */
  Set<String> services();

  /** The recent history of {@code service}, or empty when it has none. */
  Optional<ServiceHistory> history(String service);
}
