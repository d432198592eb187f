package example.bench;

import java.util.function.LongUnaryOperator;

/**
 * An application method for the custom-method benchmark ({@code MethodInstrumentationBenchmark}): outside
 * {@code dev.faultline.} because configured patterns may not name the agent's own classes. Its body is as small as
 * a method gets, so that what the benchmark measures around it is the instrumentation.
 */
public class OrderService implements LongUnaryOperator {

  @Override
  public long applyAsLong(long orderId) {
    return orderId + 1;
  }
}
