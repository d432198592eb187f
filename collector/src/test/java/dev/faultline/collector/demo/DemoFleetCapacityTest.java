package dev.faultline.collector.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoFleetCapacityTest {

  @Test
  void theBottleneckCapacityIsThePaymentsPoolsFourWorkersAt50Milliseconds() {
    assertEquals(80, DemoFleet.bottleneckCapacity(), 1e-9);
  }
}
