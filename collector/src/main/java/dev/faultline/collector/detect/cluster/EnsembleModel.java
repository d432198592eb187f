package dev.faultline.collector.detect.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Several models over the same features; a vector's score is the highest member score. k-means sees a vector that
 * lies between normal modes (each value usual, the combination not); the isolation forest sees one far from the
 * data along few features. Neither alone covers both, so the live collector runs both on one training window.
 *
 * <pre>{@code
 * ModelTrainer t = EnsembleModel.trainer(KMeansModel.trainer(4, 50, 0.995), IsolationForest.trainer(40, 64, 0.995));
 * }</pre>
 *
 * <p>Immutable and thread-safe when its members are.
 */
public final class EnsembleModel implements EntityModel {

  private final EntityModel[] members;

  private EnsembleModel(EntityModel[] members) {
    this.members = members;
  }

  /** Trains every member on the same rows; member {@code i} gets seed {@code seed + i}. */
  public static ModelTrainer trainer(ModelTrainer... members) {
    if (members.length == 0) {
      throw new IllegalArgumentException("members must not be empty");
    }
    List<ModelTrainer> list = List.of(members);
    return (rows, seed) -> {
      EntityModel[] trained = new EntityModel[list.size()];
      for (int i = 0; i < trained.length; i++) {
        trained[i] = Objects.requireNonNull(list.get(i).train(rows, seed + i), "trained model");
      }
      return new EnsembleModel(trained);
    };
  }

  @Override
  public double score(double[] features) {
    double best = 0.0;
    for (EntityModel m : members) {
      best = Math.max(best, m.score(features));
    }
    return best;
  }

  @Override
  public int dimensions() {
    return members[0].dimensions();
  }
}
