package dev.faultline.collector.incident;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.wal.DurableMap;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * All known incidents, in memory and durably in one {@link DurableMap} file ({@code analysis/incidents.map} under
 * {@code storage.data-dir}, a folder of its own so the write-ahead log's files stay alone), one JSON document per
 * incident, reloaded on open. At most {@code maxIncidents} are
 * kept: beyond that the oldest resolved ones are removed.
 *
 * <pre>{@code
 * try (IncidentStore store = IncidentStore.open(dataDir, 1000)) {
 *   store.put(incident);
 *   List<Incident> page = store.list(i -> true);  // newest first
 * }
 * }</pre>
 *
 * <p>Thread-safe (synchronized). A failed write is logged and the incident kept in memory: losing durability of
 * one incident must not stop detection.
 */
public final class IncidentStore implements Closeable {

  /** File under the data directory. */
  public static final String FILE_NAME = "analysis/incidents.map";

  private static final Logger log = Logger.getLogger(IncidentStore.class.getName());
  private static final Comparator<Incident> NEWEST_FIRST =
      Comparator.comparingLong(Incident::openedAtMillis).reversed().thenComparing(Incident::id, Comparator.reverseOrder());

  private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final DurableMap file;
  private final int maxIncidents;
  private final Map<String, Incident> byId = new HashMap<>();

  private IncidentStore(DurableMap file, int maxIncidents) {
    this.file = file;
    this.maxIncidents = maxIncidents;
  }

  /**
   * Opens (or creates) the store in {@code dataDir}; entries that cannot be parsed are logged and skipped.
   *
   * @throws UncheckedIOException when the file cannot be opened
   */
  public static IncidentStore open(Path dataDir, int maxIncidents) {
    if (maxIncidents < 1) {
      throw new IllegalArgumentException("maxIncidents must be >= 1, was " + maxIncidents);
    }
    try {
      Path file = dataDir.resolve(FILE_NAME);
      java.nio.file.Files.createDirectories(file.getParent());
      IncidentStore store = new IncidentStore(DurableMap.open(file), maxIncidents);
      store.load();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the incident store in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private void load() {
    file.entries().forEach((id, bytes) -> {
      try {
        byId.put(id, json.readValue(bytes, Incident.class));
      } catch (IOException e) {
        log.warning(() -> "skipping unreadable incident " + id + ": " + e.getMessage());
      }
    });
  }

  /**
   * Stores (or replaces) {@code incident}, durably. An incident that carries no root-cause analysis keeps the one
   * stored with it: the grouper, which knows nothing of RCA, replaces incidents while analyses of them run.
   */
  public synchronized void put(Incident incident) {
    Incident old = byId.get(incident.id());
    write(incident.rca() == null && old != null && old.rca() != null ? incident.withRca(old.rca()) : incident);
  }

  /**
   * Replaces the root-cause analysis of the stored incident {@code id}, durably, counting the runs.
   *
   * @return the updated incident, or null when {@code id} is no longer stored (evicted meanwhile)
   */
  public synchronized Incident attachRca(String id, RootCauseAnalysis analysis) {
    Incident old = byId.get(id);
    if (old == null) {
      return null;
    }
    int runs = old.rca() == null ? 1 : old.rca().runs() + 1;
    Incident updated = old.withRca(analysis.withRuns(runs));
    write(updated);
    return updated;
  }

  private void write(Incident incident) {
    byId.put(incident.id(), incident);
    try {
      file.put(incident.id(), json.writeValueAsBytes(incident));
      if (byId.size() > maxIncidents) {
        evictOldestResolved();
      }
    } catch (IOException e) {
      log.log(Level.WARNING, "cannot persist incident " + incident.id() + "; kept in memory only", e);
    }
  }

  private void evictOldestResolved() throws IOException {
    List<Incident> all = new ArrayList<>(byId.values());
    all.sort(NEWEST_FIRST.reversed());
    for (Incident i : all) {
      if (byId.size() <= maxIncidents) {
        return;
      }
      if (!i.isOpen()) {
        byId.remove(i.id());
        file.remove(i.id());
      }
    }
  }

  public synchronized Incident get(String id) {
    return byId.get(id);
  }

  /** Incidents matching {@code filter}, newest first (by opening time, then id). */
  public synchronized List<Incident> list(java.util.function.Predicate<Incident> filter) {
    return byId.values().stream().filter(filter).sorted(NEWEST_FIRST).toList();
  }

  /** The sequence number after the highest one in the stored ids, so ids stay unique across restarts. */
  public synchronized long nextSequence() {
    long max = 0;
    for (String id : byId.keySet()) {
      int dash = id.lastIndexOf('-');
      try {
        max = Math.max(max, Long.parseLong(id.substring(dash + 1)));
      } catch (NumberFormatException e) {
        // not one of ours; ignore
      }
    }
    return max + 1;
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
    } catch (IOException e) {
      log.log(Level.WARNING, "cannot close the incident store", e);
    }
  }
}
