package dev.faultline.collector.detect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The retrainer on a real executor: training happens off the caller's thread and the swap is atomic. */
@Timeout(10)
class BackgroundRetrainerTest {

  private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer"));

  @AfterEach
  void shutdown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void trainsOnTheExecutorThreadAndPublishesTheModel() throws Exception {
    AtomicReference<String> trainingThread = new AtomicReference<>();
    ModelTrainer kmeans = KMeansModel.trainer(2, 20, 0.99);
    BackgroundRetrainer r = new BackgroundRetrainer((rows, seed) -> {
      trainingThread.set(Thread.currentThread().getName());
      return kmeans.train(rows, seed);
    }, pool, 1);
    assertNull(r.current());
    assertTrue(r.submit(EntityModelsTest.normalRows(1, 300)));
    awaitGeneration(r, 1);
    assertEquals("trainer", trainingThread.get());
    assertNotNull(r.current());
    assertEquals(3, r.current().dimensions());
  }

  @Test
  void submitWhileTrainingIsDroppedAndTheOldModelServesUntilTheSwap() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EntityModel first = new ConstantModel(0.1);
    EntityModel second = new ConstantModel(0.9);
    BackgroundRetrainer r = new BackgroundRetrainer((rows, seed) -> {
      if (seed == 5) {
        return first;
      }
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return second;
    }, pool, 5);
    r.submit(new double[][] {{1}});
    awaitGeneration(r, 1);
    assertTrue(r.submit(new double[][] {{2}}));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertFalse(r.submit(new double[][] {{3}}), "one training at a time");
    assertEquals(1, r.droppedSubmits());
    assertSame(first, r.current(), "old model serves while the new one trains");
    release.countDown();
    awaitGeneration(r, 2);
    assertSame(second, r.current());
  }

  @Test
  void failedTrainingKeepsThePreviousModel() throws Exception {
    EntityModel good = new ConstantModel(0.2);
    BackgroundRetrainer r = new BackgroundRetrainer((rows, seed) -> {
      if (rows.length == 1) {
        return good;
      }
      throw new IllegalStateException("boom");
    }, pool, 0);
    r.submit(new double[][] {{1}});
    awaitGeneration(r, 1);
    r.submit(new double[][] {{1}, {2}});
    while (r.failedTrainings() == 0 || r.trainingInFlight()) {
      Thread.sleep(5);
    }
    assertSame(good, r.current());
    assertTrue(r.submit(new double[][] {{1}}), "a failure does not wedge the retrainer");
  }

  private static void awaitGeneration(BackgroundRetrainer r, long g) throws InterruptedException {
    while (r.generation() < g || r.trainingInFlight()) {
      Thread.sleep(5);
    }
  }

  private record ConstantModel(double value) implements EntityModel {
    @Override
    public double score(double[] features) {
      return value;
    }

    @Override
    public int dimensions() {
      return 1;
    }
  }
}
