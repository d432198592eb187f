package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadRampTest {

  private final LoadRamp ramp = new LoadRamp(10, 80, 300, 1.5, 120);

  @Test
  void risesLinearlyDuringTrainingThenHoldsTheHeldOutMultiple() {
    assertEquals(10, ramp.rateAt(0), 1e-9);
    assertEquals(45, ramp.rateAt(150), 1e-9);
    assertEquals(80, ramp.rateAt(299.999), 1e-3);
    assertEquals(120, ramp.rateAt(300), 1e-9);
    assertEquals(120, ramp.rateAt(419), 1e-9);
    assertEquals(420, ramp.totalSeconds(), 1e-9);
  }

  @Test
  void sendsNothingOutsideTheRamp() {
    assertEquals(0, ramp.rateAt(-1), 0);
    assertEquals(0, ramp.rateAt(420), 0);
  }

  @Test
  void rejectsInconsistentParametersNamingThem() {
    IllegalArgumentException rates = assertThrows(IllegalArgumentException.class,
        () -> new LoadRamp(100, 50, 300, 1.5, 120));
    assertTrue(rates.getMessage().contains("start rate <= training rate"), rates.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LoadRamp(0, 50, 300, 1.5, 120));
    assertThrows(IllegalArgumentException.class, () -> new LoadRamp(10, 50, 0, 1.5, 120));
    IllegalArgumentException multiple = assertThrows(IllegalArgumentException.class,
        () -> new LoadRamp(10, 50, 300, 0.5, 120));
    assertTrue(multiple.getMessage().contains("multiple"), multiple.getMessage());
  }
}
