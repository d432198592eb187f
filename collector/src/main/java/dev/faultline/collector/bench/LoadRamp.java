package dev.faultline.collector.bench;

/**
 * The request-rate schedule of the demo-fleet performance benchmark: a training phase whose rate rises linearly from
 * {@code startRate} to {@code trainingRate}, then a held-out phase at {@code heldOutMultiple} times the training
 * rate. The models are trained on the first phase and scored on the second, as in the simulated benchmark.
 *
 * @param startRate requests per second at time 0, > 0
 * @param trainingRate requests per second at the end of the training phase, >= startRate
 * @param trainingSeconds length of the training phase, > 0
 * @param heldOutMultiple the held-out rate as a multiple of the training rate, >= 1
 * @param heldOutSeconds length of the held-out phase, > 0
 */
public record LoadRamp(double startRate, double trainingRate, double trainingSeconds, double heldOutMultiple,
    double heldOutSeconds) {

  public LoadRamp {
    if (!(startRate > 0) || !(trainingRate >= startRate) || Double.isInfinite(trainingRate)) {
      throw new IllegalArgumentException("rates must satisfy 0 < start rate <= training rate, were " + startRate
          + " and " + trainingRate);
    }
    if (!(trainingSeconds > 0) || !(heldOutSeconds > 0)) {
      throw new IllegalArgumentException("phase lengths must be > 0 seconds, were " + trainingSeconds + " and "
          + heldOutSeconds);
    }
    if (!(heldOutMultiple >= 1)) {
      throw new IllegalArgumentException("held-out multiple must be >= 1, was " + heldOutMultiple);
    }
  }

  /** Requests per second {@code seconds} after the start; 0 after the end. */
  public double rateAt(double seconds) {
    if (seconds < 0 || seconds >= totalSeconds()) {
      return 0;
    }
    if (seconds < trainingSeconds) {
      return startRate + (trainingRate - startRate) * seconds / trainingSeconds;
    }
    return trainingRate * heldOutMultiple;
  }

  public double totalSeconds() {
    return trainingSeconds + heldOutSeconds;
  }
}
