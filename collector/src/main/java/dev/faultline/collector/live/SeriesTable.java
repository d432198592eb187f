package dev.faultline.collector.live;

import dev.faultline.collector.detect.cluster.ModelTrainer;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The series and entity states of one detection worker, bounded by {@code maxSeries}.
 *
 * <p>Lookup is cheap on purpose: the state is cached on the {@link SeriesRef} ({@link SeriesRef#detectionHandle}), so
 * a sample costs a field read, not a hash lookup (the map is consulted once per ref, i.e. once per series and agent
 * connection). For the same reason there is no access-ordered LRU list to update per sample: each state records
 * when it was last fed, and when the table is full a sweep (at most once per {@link #SWEEP_INTERVAL_MILLIS}) drops
 * the states idle for {@code idleMillis}. A new series that finds the table full of active series is not scored
 * (counted by {@link #refused}): evicting an active series for it would make both re-learn forever, which is what
 * made an earlier LRU version spend all its time building detectors when 80,000 series met a bound of 10,000.
 *
 * <p>Entities (see {@link EntityState}) are created with their first feature series and swept with the series.
 * Not thread-safe: one table per worker.
 */
final class SeriesTable {

  static final long SWEEP_INTERVAL_MILLIS = 1000;
  /** How long a series refused for lack of room is skipped before the table is asked again. */
  static final long REFUSED_RETRY_MILLIS = 10_000;
  /** What a refused ref's handle holds until it may ask again. */
  private record Refused(SeriesTable table, long untilMillis) {}

  private final int maxSeries;
  private final long idleMillis;
  private final EntitySettings entitySettings;
  private final ModelTrainer entityTrainer;
  private final Executor trainingExecutor;
  private final Map<SeriesKey, SeriesState> states = new HashMap<>();
  private final Map<SeriesKey, EntityState> entities = new HashMap<>();
  private long lastSweepMillis = Long.MIN_VALUE / 2; // not MIN_VALUE: now - MIN_VALUE overflows
  private volatile long refused;
  private boolean silent;

  /**
   * @param entityTrainer trains the entity models on {@code trainingExecutor}; ignored when entity detection is
   *     disabled in {@code entitySettings}
   */
  SeriesTable(int maxSeries, long idleMillis, EntitySettings entitySettings, ModelTrainer entityTrainer,
      Executor trainingExecutor) {
    this.maxSeries = maxSeries;
    this.idleMillis = idleMillis;
    this.entitySettings = entitySettings;
    this.entityTrainer = entityTrainer;
    this.trainingExecutor = trainingExecutor;
  }

  /** The live state cached on {@code ref} if it belongs to this table, else null. */
  SeriesState cached(SeriesRef ref) {
    return ref.detectionHandle() instanceof SeriesState s && s.table == this && s.live ? s : null;
  }

  /** True while {@code ref} was refused recently: skip it without a lookup (counted as refused). */
  boolean recentlyRefused(SeriesRef ref, long nowMillis) {
    if (ref.detectionHandle() instanceof Refused r && r.table == this && nowMillis < r.untilMillis) {
      refused++;
      return true;
    }
    return false;
  }

  /** The state of {@code ref}'s series, created from {@code config} if new; null when the table is full. */
  SeriesState resolve(SeriesRef ref, DetectionConfig config, long nowMillis, AnomalyListener listener) {
    SeriesKey key = ref.key();
    SeriesState state = states.get(key);
    if (state == null) {
      if (states.size() >= maxSeries && !sweep(nowMillis, listener)) {
        refused++;
        ref.detectionHandle(new Refused(this, nowMillis + REFUSED_RETRY_MILLIS));
        return null;
      }
      state = new SeriesState(this, key, config.shared(key.metric()), "counter".equals(ref.type()));
      state.lastSeenMillis = nowMillis;
      if (silent) {
        state.reporter.silence();
      }
      attachEntity(state, nowMillis);
      states.put(key, state);
    }
    ref.detectionHandle(state);
    return state;
  }

  private void attachEntity(SeriesState state, long nowMillis) {
    int slot = entitySettings.enabled() ? EntityFeatures.slot(state.key) : -1;
    if (slot < 0) {
      return;
    }
    SeriesKey entityKey = EntityFeatures.entityKey(state.key);
    EntityState entity = entities.get(entityKey);
    if (entity == null) {
      entity = new EntityState(entityKey, EntityFeatures.names(state.key).size(), entitySettings, entityTrainer,
          trainingExecutor);
      if (silent) {
        entity.reporter.silence();
      }
      entities.put(entityKey, entity);
    }
    entity.lastSeenMillis = nowMillis;
    state.entity = entity;
    state.slot = slot;
  }

  /** Drops idle states; true when there is room afterwards. */
  private boolean sweep(long nowMillis, AnomalyListener listener) {
    if (nowMillis - lastSweepMillis < SWEEP_INTERVAL_MILLIS) {
      return false;
    }
    lastSweepMillis = nowMillis;
    for (Iterator<SeriesState> it = states.values().iterator(); it.hasNext(); ) {
      SeriesState s = it.next();
      if (nowMillis - s.lastSeenMillis >= idleMillis) {
        drop(s, listener);
        it.remove();
      } else if (s.entity != null) {
        s.entity.lastSeenMillis = Math.max(s.entity.lastSeenMillis, s.lastSeenMillis);
      }
    }
    entities.values().removeIf(e -> {
      boolean idle = nowMillis - e.lastSeenMillis >= idleMillis;
      if (idle) {
        e.reporter.closeOpen(listener);
      }
      return idle;
    });
    return states.size() < maxSeries;
  }

  /** Drops every state (a new configuration), closing open anomalies. */
  void clear(AnomalyListener listener) {
    states.values().forEach(s -> drop(s, listener));
    states.clear();
    entities.values().forEach(e -> e.reporter.closeOpen(listener));
    entities.clear();
  }

  private static void drop(SeriesState s, AnomalyListener listener) {
    s.reporter.closeOpen(listener);
    s.live = false;
  }

  /** States created from now on report nothing until {@link #speak}. */
  void silence() {
    silent = true;
  }

  /** Ends the silence of every state: alerts open now are reported as opened when they opened. */
  void speak(AnomalyListener listener) {
    silent = false;
    states.values().forEach(s -> {
      s.endWarmUp();
      s.reporter.speak(listener);
    });
    entities.values().forEach(e -> e.reporter.speak(listener));
  }

  /** The state of {@code key}, or null. */
  SeriesState get(SeriesKey key) {
    return states.get(key);
  }

  int size() {
    return states.size();
  }

  /** The entity state of {@code entityKey}, or null. Visible for testing. */
  EntityState entity(SeriesKey entityKey) {
    return entities.get(entityKey);
  }

  /** Samples of new series not scored because the table was full of active series. */
  long refused() {
    return refused;
  }
}
