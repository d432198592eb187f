package dev.faultline.collector.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.wal.DurableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deliveries not yet done, kept in memory in creation order and on disk ({@code <data-dir>/notifications/outbox.map},
 * a {@link DurableMap}: every change is fsynced), so that a restart resumes them; a resolve notice therefore
 * survives a crash. A failed write is logged and the delivery kept in memory: notifying still beats not.
 * Thread-safe (synchronized).
 */
final class Outbox implements AutoCloseable {

  static final String FILE = "outbox.map";

  private static final Logger log = Logger.getLogger(Outbox.class.getName());

  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final DurableMap file;
  private final TreeMap<Long, Delivery> pending = new TreeMap<>();
  private long nextSeq = 1;

  private Outbox(DurableMap file) {
    this.file = file;
  }

  /** Opens (creating) the outbox in {@code dir}; unreadable entries are logged and dropped. */
  static Outbox open(Path dir) {
    try {
      Files.createDirectories(dir);
      Outbox outbox = new Outbox(DurableMap.open(dir.resolve(FILE)));
      outbox.load();
      return outbox;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the notification outbox in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void load() {
    file.entries().forEach((key, bytes) -> {
      try {
        Delivery d = json.readValue(bytes, Delivery.class);
        pending.put(d.seq(), d);
        nextSeq = Math.max(nextSeq, d.seq() + 1);
      } catch (IOException e) {
        log.warning(() -> "dropping unreadable pending notification " + key + ": " + e.getMessage());
        remove(key);
      }
    });
  }

  /** A new delivery of {@code notice} to {@code target}, due now. */
  synchronized Delivery add(String target, Notice notice, long nowMillis) {
    Delivery d = new Delivery(nextSeq++, target, notice, 0, nowMillis, null);
    put(d);
    return d;
  }

  /** Stores a changed delivery (after a failed attempt, or coalesced with a newer notice). */
  synchronized void put(Delivery d) {
    pending.put(d.seq(), d);
    try {
      file.put(key(d.seq()), json.writeValueAsBytes(d));
    } catch (IOException e) {
      log.log(Level.WARNING, "cannot persist pending notification " + d.seq() + " for " + d.target()
          + "; kept in memory only: " + e.getMessage());
    }
  }

  synchronized void done(long seq) {
    pending.remove(seq);
    remove(key(seq));
  }

  /** The oldest delivery for {@code target}, or null. */
  synchronized Delivery first(String target) {
    for (Delivery d : pending.values()) {
      if (d.target().equals(target)) {
        return d;
      }
    }
    return null;
  }

  /** Deliveries matching {@code filter}, oldest first. */
  synchronized List<Delivery> list(Predicate<Delivery> filter) {
    return pending.values().stream().filter(filter).toList();
  }

  synchronized int size() {
    return pending.size();
  }

  /** Pending count per target. */
  synchronized Map<String, Integer> countByTarget() {
    Map<String, Integer> counts = new TreeMap<>();
    pending.values().forEach(d -> counts.merge(d.target(), 1, Integer::sum));
    return counts;
  }

  /** Removes and returns every delivery whose target is not in {@code keep}. */
  synchronized List<Delivery> dropTargetsOtherThan(java.util.Set<String> keep) {
    List<Delivery> dropped = new ArrayList<>();
    for (Delivery d : List.copyOf(pending.values())) {
      if (!keep.contains(d.target())) {
        done(d.seq());
        dropped.add(d);
      }
    }
    return dropped;
  }

  private void remove(String key) {
    try {
      file.remove(key);
    } catch (IOException e) {
      log.warning(() -> "cannot remove notification " + key + " from the outbox file (sent again after a restart): "
          + e.getMessage());
    }
  }

  private static String key(long seq) {
    return Long.toString(seq);
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
    } catch (IOException e) {
      log.warning("closing the notification outbox failed: " + e.getMessage());
    }
  }
}
