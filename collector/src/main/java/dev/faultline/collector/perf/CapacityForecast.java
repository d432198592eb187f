package dev.faultline.collector.perf;

/**
 * When the p99 objective will be breached at the current load trend, JSON-ready. Nullable fields are null when the
 * status says there is nothing to report.
 *
 * @param service the service
 * @param status the outcome
 * @param objectiveP99Millis the p99 objective asked about
 * @param currentRatePerSecond the rate the model's what-if multiples refer to
 * @param trendPerHour Theil-Sen slope of the request rate, requests per second per hour
 * @param mannKendallZ the trend test statistic (a trend exists when its magnitude reaches the threshold)
 * @param breachRatePerSecond lowest rate at which the predicted p99 reaches the objective (null if none up to the
 *     maximum multiple searched)
 * @param headroomMultiple {@code breachRatePerSecond / currentRatePerSecond} (null with it)
 * @param timeToBreachMillis time from the last row until the trend reaches the breach rate (only for {@link
 *     Status#BREACH_FORECAST}; 0 when the trend line is already past it)
 * @param breachAtMillis epoch milliseconds of the forecast breach (only for {@link Status#BREACH_FORECAST})
 */
public record CapacityForecast(
    String service, Status status, double objectiveP99Millis, double currentRatePerSecond, double trendPerHour,
    double mannKendallZ, Double breachRatePerSecond, Double headroomMultiple, Long timeToBreachMillis,
    Long breachAtMillis) {

  /** Outcomes of a capacity forecast. */
  public enum Status {
    /** The predicted p99 at the current rate already reaches the objective. */
    ALREADY_BREACHED,
    /** Load grows and the objective will be reached: see {@code timeToBreachMillis}. */
    BREACH_FORECAST,
    /** The Mann-Kendall test finds no trend in the request rate: no date can be given. */
    NO_TREND,
    /** The request rate trends down: no breach from load growth. */
    NOT_GROWING,
    /** Load grows but the predicted p99 stays under the objective up to the maximum multiple searched. */
    NO_BREACH_WITHIN_MAX_LOAD
  }
}
