package dev.faultline.collector.perf.model;

/** The candidate latency models, compared per service and quantile by held-out error. */
public enum ModelKind {
  /** Ridge regression on the {@link QueueingDesign} columns: extrapolates the queueing knee. */
  RIDGE("ridge"),
  /** Gradient-boosted trees on the raw inputs: accurate inside the training range, flat outside it. */
  GBT("gbt"),
  /** Ridge plus gradient-boosted trees fitted to the ridge residuals. */
  RIDGE_GBT("ridge+gbt"),
  /** An explicit {@link QueueingModel}: M/M/c waiting terms with fitted servers and service times. */
  QUEUEING("queueing"),
  /** The queueing model plus gradient-boosted trees fitted to its residuals. */
  QUEUEING_GBT("queueing+gbt"),
  /**
   * The mean of the queueing model's and ridge's predictions: two models that extrapolate the knee differently (a
   * fitted pool size against {@code u/(1-u)}) err in different directions often enough that their mean is more
   * robust than either (BENCHMARKS.md, "Performance modelling: round 3").
   */
  QUEUEING_RIDGE("queueing+ridge");

  private final String label;

  ModelKind(String label) {
    this.label = label;
  }

  /** The name used in results and reports. */
  public String label() {
    return label;
  }
}
