package dev.faultline.collector.detect.cluster;

/** An immutable, thread-safe scoring model over feature vectors, built by a {@link ModelTrainer}. */
public interface EntityModel {

  /** @return the anomaly score of a finite feature vector, in [0, 1] */
  double score(double[] features);

  /** Number of features the model expects. */
  int dimensions();
}
