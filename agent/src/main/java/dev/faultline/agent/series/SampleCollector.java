package dev.faultline.agent.series;

/** Something that appends one interval's samples; called on the collection thread only. */
@FunctionalInterface
public interface SampleCollector {

  void collect(SampleBuffer out);
}
