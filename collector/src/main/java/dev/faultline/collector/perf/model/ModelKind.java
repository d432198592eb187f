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
  QUEUEING_GBT("queueing+gbt");

  private final String label;

  ModelKind(String label) {
    this.label = label;
  }

  /** The name used in results and reports. */
  public String label() {
    return label;
  }
}
