package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RegressionModelTest {

  private static final QueueingModel QUEUE = new QueueingModel(0.99, new int[] {0, 4}, 5, new double[] {0.1, 20});
  private static final QueueingModel LINEAR = new QueueingModel(0.99, new int[] {0, 0}, 1, new double[] {0.3, 10});

  @Test
  void meanAveragesPredictionsAndItsAttributionsSumToTheChange() {
    RegressionModel mean = RegressionModel.mean(QUEUE, LINEAR);
    double[] from = {50, 0.5};
    double[] to = {75, 0.75};

    assertEquals((QUEUE.predict(to) + LINEAR.predict(to)) / 2, mean.predict(to), 1e-12);
    double[] parts = mean.attribute(from, to);
    assertEquals(mean.predict(to) - mean.predict(from), parts[0] + parts[1], 1e-9);
    double[] q = QUEUE.attribute(from, to);
    double[] l = LINEAR.attribute(from, to);
    assertArrayEquals(new double[] {(q[0] + l[0]) / 2, (q[1] + l[1]) / 2}, parts, 1e-12);
  }
}
