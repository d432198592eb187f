package dev.faultline.collector.perf;

import java.util.List;
import java.util.Map;

/**
 * What a service's performance model is, JSON-ready; served by {@code GET /api/v1/services/{name}/model}.
 *
 * @param service the service
 * @param trainedAtMillis epoch milliseconds when training finished (from the trainer's clock)
 * @param trainingRows rows used (after the row budget)
 * @param features the resource features, by name
 * @param currentRatePerSecond the rate what-if multiples refer to
 * @param maxTrainingRatePerSecond the highest rate seen in training (beyond it, predictions extrapolate)
 * @param p50 the p50 model
 * @param p99 the p99 model
 * @param budgetExhausted true when the time budget stopped boosting early
 */
public record ModelSummary(
    String service, long trainedAtMillis, int trainingRows, List<String> features, double currentRatePerSecond,
    double maxTrainingRatePerSecond, QuantileModel p50, QuantileModel p99, boolean budgetExhausted) {

  /**
   * One quantile's model.
   *
   * @param chosen the chosen kind ({@code ridge}, {@code ridge+gbt}, {@code queueing}, {@code queueing+gbt} or
   *     {@code queueing+ridge})
   * @param heldOutMapePercent per kind, MAPE on the highest-load held-out rows
   * @param bandLowRatio lower band as a multiple of the prediction
   * @param bandHighRatio upper band as a multiple of the prediction
   */
  public record QuantileModel(
      String chosen, Map<String, Double> heldOutMapePercent, double bandLowRatio, double bandHighRatio) {}
}
