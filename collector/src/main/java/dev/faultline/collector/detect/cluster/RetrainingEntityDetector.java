package dev.faultline.collector.detect.cluster;

import java.util.Objects;

/**
 * An {@link EntityDetector} that scores each vector with the current model of a {@link BackgroundRetrainer} and
 * periodically retrains it on a bounded window of recent vectors.
 *
 * <p>State: a ring of the last {@code window} vectors ({@code window * d} doubles, allocated once). Every {@code
 * retrainEvery} accepted vectors (and first when the ring holds {@code minTrainRows}) a copy of the ring is submitted
 * for training; this copy is the only allocation, once per retrain period, and the training itself runs on the
 * retrainer's executor. Scoring is causal: the model was trained on vectors strictly before the one scored. Score 0
 * until the first model is published (the warm-up). Gaps (a non-finite feature) score 0 and are not stored. With a
 * {@code normalCeiling} below 1, a vector the current model scores at or above it is not stored either, so that the
 * next model learns recent <em>normal</em> behaviour, not the anomaly it should keep flagging.
 *
 * <pre>{@code
 * EntityDetector d = new RetrainingEntityDetector(5, 1440, 1440, 360, retrainer);
 * double score = d.update(ts, new double[] {p99, errorRatio, rps, cpu, gcTime});
 * }</pre>
 *
 * <p>Not thread-safe for {@link #update} (one ingest thread per entity); the model swap is safe.
 */
public final class RetrainingEntityDetector implements EntityDetector {

  private final int dimensions;
  private final double[][] ring;
  private final int minTrainRows;
  private final int retrainEvery;
  private final BackgroundRetrainer retrainer;
  private final double normalCeiling;
  private int size;
  private int head;
  private long sinceSubmit;
  private long lastTimestampMillis = Long.MIN_VALUE;

  /**
   * @param dimensions features per vector, at least 1
   * @param window vectors kept for training, at least {@code minTrainRows}
   * @param minTrainRows vectors needed before the first training, at least 2
   * @param retrainEvery vectors between retraining submissions, at least 1
   */
  public RetrainingEntityDetector(int dimensions, int window, int minTrainRows, int retrainEvery,
      BackgroundRetrainer retrainer) {
    this(dimensions, window, minTrainRows, retrainEvery, retrainer, 1.0);
  }

  /**
   * @param normalCeiling vectors scoring at or above this are not kept for training, in (0, 1]; 1 keeps all
   *     vectors
   */
  public RetrainingEntityDetector(int dimensions, int window, int minTrainRows, int retrainEvery,
      BackgroundRetrainer retrainer, double normalCeiling) {
    if (!(normalCeiling > 0 && normalCeiling <= 1)) {
      throw new IllegalArgumentException("normalCeiling must be in (0, 1], was " + normalCeiling);
    }
    this.normalCeiling = normalCeiling;
    if (dimensions < 1 || minTrainRows < 2 || window < minTrainRows || retrainEvery < 1) {
      throw new IllegalArgumentException("need dimensions >= 1, minTrainRows >= 2, window >= minTrainRows, "
          + "retrainEvery >= 1; were " + dimensions + ", " + minTrainRows + ", " + window + ", " + retrainEvery);
    }
    this.dimensions = dimensions;
    this.ring = new double[window][dimensions];
    this.minTrainRows = minTrainRows;
    this.retrainEvery = retrainEvery;
    this.retrainer = Objects.requireNonNull(retrainer, "retrainer");
  }

  @Override
  public double update(long timestampMillis, double[] features) {
    if (features.length != dimensions) {
      throw new IllegalArgumentException("expected " + dimensions + " features, got " + features.length);
    }
    for (double f : features) {
      if (!Double.isFinite(f)) {
        return 0.0;
      }
    }
    if (timestampMillis < lastTimestampMillis) {
      return 0.0;
    }
    lastTimestampMillis = timestampMillis;
    EntityModel model = retrainer.current();
    double score = model == null ? 0.0 : model.score(features);
    if (normalCeiling < 1.0 && score >= normalCeiling) {
      return Math.min(1.0, score);
    }
    System.arraycopy(features, 0, ring[head], 0, dimensions);
    head = head + 1 == ring.length ? 0 : head + 1;
    if (size < ring.length) {
      size++;
    }
    sinceSubmit++;
    boolean first = retrainer.generation() == 0 && !retrainer.trainingInFlight();
    if (size >= minTrainRows && (first || sinceSubmit >= retrainEvery)) {
      if (retrainer.submit(snapshot())) {
        sinceSubmit = 0;
      }
    }
    return score >= 0 && score <= 1 ? score : (score > 1 ? 1.0 : 0.0);
  }

  /** Copy of the stored vectors, oldest first. */
  double[][] snapshot() {
    double[][] copy = new double[size][];
    int start = size < ring.length ? 0 : head;
    for (int i = 0; i < size; i++) {
      copy[i] = ring[(start + i) % ring.length].clone();
    }
    return copy;
  }

  public BackgroundRetrainer retrainer() {
    return retrainer;
  }
}
