package dev.faultline.collector.detect.cluster;

import dev.faultline.collector.detect.ScoreMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means model of normal behaviour: a vector's anomaly is its distance to the nearest centroid, relative to a
 * threshold learnt from the training data.
 *
 * <p>Training ({@link #trainer}): features standardised ({@link FeatureScaler}), Lloyd's k-means with k-means++
 * seeding (Arthur and Vassilvitskii 2007; commons-math3 {@code KMeansPlusPlusClusterer}, random generator seeded),
 * then {@code threshold} = the {@code quantile} of the training rows' nearest-centroid distances (floored at 1e-6).
 * Scoring: {@code r = dist(x) / threshold}, score {@code = e / (e + 1)} with {@code e = max(0, r - 1)}: 0 inside the
 * learnt normal radius, 0.5 at twice it. Fewer distinct rows than k: k shrinks to their number.
 *
 * <p>Immutable and thread-safe; scoring is O(k d) without allocation.
 */
public final class KMeansModel implements EntityModel {

  private static final ScoreMapping MAPPING = ScoreMapping.saturating(1.0, 1.0);

  private final FeatureScaler scaler;
  private final double[][] centroids;
  private final double threshold;

  KMeansModel(FeatureScaler scaler, double[][] centroids, double threshold) {
    this.scaler = scaler;
    this.centroids = centroids;
    this.threshold = threshold;
  }

  /**
   * @param k number of clusters, at least 1
   * @param maxIterations Lloyd iterations, at least 1
   * @param quantile of training distances used as the normal radius, in (0, 1]
   */
  public static ModelTrainer trainer(int k, int maxIterations, double quantile) {
    if (k < 1 || maxIterations < 1) {
      throw new IllegalArgumentException("k and maxIterations must be >= 1, were " + k + ", " + maxIterations);
    }
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], was " + quantile);
    }
    return (rows, seed) -> train(rows, seed, k, maxIterations, quantile);
  }

  private static KMeansModel train(double[][] rows, long seed, int k, int maxIterations, double quantile) {
    FeatureScaler scaler = FeatureScaler.fit(rows);
    double[][] z = scaler.transformAll(rows);
    List<DoublePoint> points = new ArrayList<>(z.length);
    for (double[] r : z) {
      points.add(new DoublePoint(r));
    }
    long distinct = Arrays.stream(z).map(Arrays::toString).distinct().limit(k).count();
    JDKRandomGenerator random = new JDKRandomGenerator();
    random.setSeed(seed);
    KMeansPlusPlusClusterer<DoublePoint> clusterer = new KMeansPlusPlusClusterer<>((int) Math.max(1, distinct),
        maxIterations, new EuclideanDistance(), random);
    List<CentroidCluster<DoublePoint>> clusters = clusterer.cluster(points);
    double[][] centroids = new double[clusters.size()][];
    for (int i = 0; i < centroids.length; i++) {
      centroids[i] = clusters.get(i).getCenter().getPoint().clone();
    }
    KMeansModel partial = new KMeansModel(scaler, centroids, 1.0);
    double[] d = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      d[i] = partial.nearestDistance(rows[i]);
    }
    Arrays.sort(d);
    double threshold = Math.max(1e-6, d[Math.min(d.length - 1, (int) Math.ceil(quantile * d.length) - 1)]);
    return new KMeansModel(scaler, centroids, threshold);
  }

  @Override
  public double score(double[] features) {
    return MAPPING.toScore(nearestDistance(features) / threshold);
  }

  /** Euclidean distance, in standardised units, from {@code features} to the nearest centroid. */
  public double nearestDistance(double[] features) {
    double best = Double.POSITIVE_INFINITY;
    for (double[] c : centroids) {
      double s = 0;
      for (int j = 0; j < c.length; j++) {
        double d = scaler.scaled(j, features[j]) - c[j];
        s += d * d;
      }
      best = Math.min(best, s);
    }
    return Math.sqrt(best);
  }

  public int clusters() {
    return centroids.length;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  public int dimensions() {
    return scaler.dimensions();
  }
}
