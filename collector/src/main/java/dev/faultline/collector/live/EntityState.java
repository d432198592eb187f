package dev.faultline.collector.live;

import dev.faultline.collector.detect.cluster.BackgroundRetrainer;
import dev.faultline.collector.detect.cluster.ModelTrainer;
import dev.faultline.collector.detect.cluster.RetrainingEntityDetector;
import dev.faultline.collector.detect.combine.AlertPolicy;
import dev.faultline.collector.detect.combine.AlertTracker;
import dev.faultline.collector.model.SeriesKey;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * The clustering detector of one entity (a service instance or a host), fed by its feature series.
 *
 * <p>Vectors: data time is cut into buckets of {@code step}; when the first sample of a later bucket arrives, the
 * entity's vector for the finished bucket (the latest value of each feature, a feature not updated for three steps
 * being a gap) is scored by a {@link RetrainingEntityDetector} over an ensemble of k-means and an isolation forest,
 * retrained on the retrainer's executor (never on this thread) from the recent vectors it found normal. The score
 * goes through an {@link AlertTracker} (two vectors at or above 0.5 open, five below 0.3 close) into the same
 * {@link AnomalyListener} as the per-series detectors, under the key {@link EntityFeatures#entityKey}.
 *
 * <p>The vector holds the features seen so far; when a new feature appears, or one has been silent for 60 steps,
 * the detector starts over with the new set of features (a new warm-up). Not thread-safe: owned by the worker that owns the entity's series.
 */
final class EntityState {

  static final AlertPolicy POLICY = new AlertPolicy(0.5, 0.3, 2, 5, 0, 0.0, 0);
  /** Vectors scoring at least this are kept out of the training window. */
  static final double NORMAL_CEILING = 0.3;
  private static final int STALE_STEPS = 3;
  /** A feature silent this long has stopped (a metric no longer reported): the vector goes on without it. */
  private static final int GONE_STEPS = 60;

  final AnomalyReporter reporter;
  private final EntitySettings settings;
  private final ModelTrainer trainer;
  private final Executor executor;
  private final long stepMillis;
  private final double[] last;
  private final long[] lastAt;
  private final AlertTracker tracker = new AlertTracker(POLICY);
  private int seen;
  private long bucket = Long.MIN_VALUE;
  private long bucketEndMillis;
  private RetrainingEntityDetector detector;
  private int detectorMask;
  private double[] row;
  private long vectors;
  long lastSeenMillis;

  EntityState(SeriesKey key, int features, EntitySettings settings, ModelTrainer trainer, Executor executor) {
    this.reporter = new AnomalyReporter(key);
    this.settings = settings;
    this.trainer = trainer;
    this.executor = executor;
    this.stepMillis = settings.step().toMillis();
    this.last = new double[features];
    this.lastAt = new long[features];
    Arrays.fill(last, Double.NaN);
  }

  /** One value of feature {@code slot} (NaN: a gap). */
  void feed(int slot, long timeMillis, double value, AnomalyListener listener) {
    long b = Math.floorDiv(timeMillis, stepMillis);
    if (b > bucket) {
      if (bucket != Long.MIN_VALUE) {
        score(listener);
      }
      bucket = b;
    }
    if (Double.isFinite(value) && timeMillis >= lastAt[slot]) {
      last[slot] = value;
      lastAt[slot] = timeMillis;
      seen |= 1 << slot;
      bucketEndMillis = Math.max(bucketEndMillis, timeMillis);
    }
  }

  private void score(AnomalyListener listener) {
    for (int slot = 0; slot < last.length; slot++) {
      if ((seen & (1 << slot)) != 0 && bucketEndMillis - lastAt[slot] > GONE_STEPS * stepMillis) {
        seen &= ~(1 << slot);
      }
    }
    if (Integer.bitCount(seen) < 2) {
      return;
    }
    if (detector == null || detectorMask != seen) {
      detectorMask = seen;
      row = new double[Integer.bitCount(seen)];
      BackgroundRetrainer retrainer = new BackgroundRetrainer(trainer, executor, reporter.key().hashCode());
      detector = new RetrainingEntityDetector(row.length, settings.window(), settings.minRows(),
          settings.retrainEvery(), retrainer, NORMAL_CEILING);
    }
    long at = bucketEndMillis;
    for (int slot = 0, j = 0; slot < last.length; slot++) {
      if ((detectorMask & (1 << slot)) != 0) {
        row[j++] = at - lastAt[slot] > STALE_STEPS * stepMillis ? Double.NaN : last[slot];
      }
    }
    double s = detector.update(at, row);
    vectors++;
    for (double f : row) {
      if (!Double.isFinite(f)) {
        return; // a gap: no alert movement
      }
    }
    tracker.update(s);
    reporter.onPoint(at, s, tracker.justOpened(), tracker.state().isOpen(), listener);
  }

  /** Vectors scored so far (tests, stats). */
  long vectors() {
    return vectors;
  }

  /** True once a model has been trained for the current feature set. */
  boolean trained() {
    return detector != null && detector.retrainer().current() != null;
  }
}
