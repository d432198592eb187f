package dev.faultline.collector.detect;

/**
 * A {@link FlatDetector} that is also a {@link Detector} of one series: {@link #update(long, double)} feeds a
 * private state of its own (allocated at the first call). That is how the {@code detect} backtest and the tests use
 * a detector; the live collector instead keeps one shared instance per rule and one state per series, and calls
 * the flat {@link #update(double[], int, byte[], int, long, double)}. Both run the same code.
 *
 * <p>Not thread-safe when used as a {@link Detector}.
 */
public abstract class OwnStateDetector implements Detector, FlatDetector {

  private double[] own;
  private byte[] ownBytes;

  @Override
  public final double update(long timestampMillis, double value) {
    double[] s = ownState();
    return update(s, 0, ownBytes, 0, timestampMillis, value);
  }

  /** The private state of the {@link Detector} view (offset 0), allocated and initialised on first use. */
  protected final double[] ownState() {
    if (own == null) {
      own = new double[doubles()];
      ownBytes = new byte[bytes()];
      init(own, 0);
    }
    return own;
  }
}
