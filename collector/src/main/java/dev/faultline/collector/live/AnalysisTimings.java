package dev.faultline.collector.live;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Where live analysis reports how long its steps took, in nanoseconds: one detection batch, one root-cause
 * ranking. {@code /metrics} plugs histograms in; until then the reports go nowhere. Thread-safe.
 *
 * <pre>{@code
 * long t0 = System.nanoTime();
 * Ranking r = ranker.rank(input);
 * live.timings().rca(System.nanoTime() - t0);
 * }</pre>
 */
public final class AnalysisTimings {

  private volatile LongConsumer detection = nanos -> { };
  private volatile LongConsumer rca = nanos -> { };

  /** Sends later detection-batch durations to {@code observer}. */
  public void onDetection(LongConsumer observer) {
    this.detection = Objects.requireNonNull(observer, "observer");
  }

  /** Sends later root-cause-ranking durations to {@code observer}. */
  public void onRca(LongConsumer observer) {
    this.rca = Objects.requireNonNull(observer, "observer");
  }

  /** One detection batch took {@code nanos}. */
  public void detection(long nanos) {
    detection.accept(nanos);
  }

  /** One root-cause ranking of a live incident took {@code nanos}. */
  public void rca(long nanos) {
    rca.accept(nanos);
  }
}
