package dev.faultline.collector.perf.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.collector.perf.CapacityForecast;
import dev.faultline.collector.perf.CapacityForecast.Status;
import dev.faultline.collector.perf.LatencyQuantile;
import dev.faultline.collector.perf.ParameterAssert;
import dev.faultline.collector.perf.PerfTestData;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.ServicePerfModel;
import org.junit.jupiter.api.Test;

class CapacityForecasterTest {

  private static final CapacityForecaster FORECASTER = CapacityForecaster.defaults();

  @Test
  void forecastsTheBreachTimeOnALinearLoadTrend() {
    // Rate rises linearly from 60 to 180 req/s over 600 rows of 10 s: 0.02 req/s per second = 72 req/s per hour.
    ServiceHistory h = PerfTestData.history(PerfTestData.cpuBound(), 600, i -> 60 + 0.2 * i, 7);
    ServicePerfModel model = ServicePerfModel.train(h, PerfTestData.FAST, 0L, () -> false);
    double objective = model.predictAtRate(LatencyQuantile.P99, 1.2 * model.currentRate());

    CapacityForecast f = FORECASTER.forecast(model, h, objective);

    assertEquals(Status.BREACH_FORECAST, f.status());
    assertEquals(72, f.trendPerHour(), 72 * 0.05);
    assertEquals(1.2, f.headroomMultiple(), 0.01);
    double lastRate = 60 + 0.2 * 599;
    double expectedMillis = (f.breachRatePerSecond() - lastRate) / 0.02 * 1000;
    assertEquals(expectedMillis, f.timeToBreachMillis(), 0.1 * expectedMillis);
    assertEquals(h.timestampMillis(599) + f.timeToBreachMillis(), f.breachAtMillis());
  }

  @Test
  void answersNoTrendWhenLoadOnlyWanders() {
    ServiceHistory h = PerfTestData.history(PerfTestData.cpuBound(), 300, i -> 120, 8);
    ServicePerfModel model = ServicePerfModel.train(h, PerfTestData.FAST, 0L, () -> false);

    CapacityForecast f = FORECASTER.forecast(model, h, 1.5 * model.predictAtRate(LatencyQuantile.P99, 120));

    assertEquals(Status.NO_TREND, f.status());
    assertNull(f.timeToBreachMillis());
  }

  @Test
  void answersNotGrowingAlreadyBreachedAndNoBreachWithinMaxLoad() {
    ServiceHistory falling = PerfTestData.history(PerfTestData.cpuBound(), 300, i -> 180 - 0.3 * i, 9);
    ServicePerfModel model = ServicePerfModel.train(falling, PerfTestData.FAST, 0L, () -> false);
    double now = model.predictAtRate(LatencyQuantile.P99, model.currentRate());

    assertEquals(Status.NOT_GROWING, FORECASTER.forecast(model, falling, 2 * now).status());
    assertEquals(Status.ALREADY_BREACHED, FORECASTER.forecast(model, falling, 0.5 * now).status());
    ServiceHistory rising = PerfTestData.history(PerfTestData.cpuBound(), 300, i -> 30 + 0.1 * i, 10);
    ServicePerfModel risingModel = ServicePerfModel.train(rising, PerfTestData.FAST, 0L, () -> false);
    assertEquals(Status.NO_BREACH_WITHIN_MAX_LOAD, FORECASTER.forecast(risingModel, rising, 1e9).status());
  }

  @Test
  void rejectsBadParametersNamingThem() {
    ParameterAssert.assertMessage("zThreshold", () -> new CapacityForecaster(0, 10));
    ParameterAssert.assertMessage("maxMultiple", () -> new CapacityForecaster(2.58, 1));
  }
}
