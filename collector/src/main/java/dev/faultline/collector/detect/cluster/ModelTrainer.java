package dev.faultline.collector.detect.cluster;

/**
 * Strategy that builds an {@link EntityModel} from a snapshot of recent, presumed-normal feature vectors. Pure: the
 * same rows and seed give the same model. Runs on a background thread; must not keep a reference to {@code rows}
 * beyond the call unless it copied them.
 */
@FunctionalInterface
public interface ModelTrainer {

  /**
   * @param rows at least one finite vector, all of the same length
   * @param seed seed of every random choice the training makes
   */
  EntityModel train(double[][] rows, long seed);
}
