package dev.faultline.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.agent.config.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorRotationTest {

  private final Endpoint a = new Endpoint("10.0.0.1", 9470);
  private final Endpoint b = new Endpoint("10.0.0.2", 9470);
  private final Endpoint c = new Endpoint("10.0.0.3", 9471);

  @Test
  void triesTheFirstAddressFirstThenRoundRobin() {
    CollectorRotation rotation = new CollectorRotation(List.of(a, b, c));
    List<Endpoint> tried = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      tried.add(rotation.next());
      rotation.moveOn();
    }
    assertEquals(List.of(a, b, c, a, b, c, a), tried);
  }

  @Test
  void singleAddressIsAlwaysTheNextAndNeverASwitch() {
    CollectorRotation rotation = new CollectorRotation(List.of(a));
    rotation.moveOn();
    rotation.moveOn();
    assertEquals(a, rotation.next());
    assertNull(rotation.accepted(a));
    assertNull(rotation.accepted(a));
    assertEquals(0, rotation.switches());
  }

  @Test
  void acceptanceByAnotherCollectorIsASwitchFromTheOneThatServedBefore() {
    CollectorRotation rotation = new CollectorRotation(List.of(a, b));
    assertNull(rotation.accepted(a), "the first of the list at start is not a switch");
    assertEquals(a, rotation.accepted(b));
    assertNull(rotation.accepted(b), "reconnecting to the same collector is not a switch");
    assertEquals(b, rotation.accepted(a), "moving back is one more");
    assertEquals(2, rotation.switches());
    assertEquals(a, rotation.servedBy());
  }

  @Test
  void firstOfTheListDownAtStartCountsAsASwitchFromIt() {
    CollectorRotation rotation = new CollectorRotation(List.of(a, b));
    rotation.moveOn();
    assertEquals(b, rotation.next());
    assertEquals(a, rotation.accepted(b));
    assertEquals(1, rotation.switches());
  }

  @Test
  void movingOnAfterASwitchContinuesFromThePositionTried() {
    CollectorRotation rotation = new CollectorRotation(List.of(a, b, c));
    rotation.moveOn();
    rotation.accepted(rotation.next()); // b serves
    rotation.moveOn(); // b lost
    assertEquals(c, rotation.next(), "the address after the lost one, not the first of the list");
  }

  @Test
  void emptyListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CollectorRotation(List.of()));
  }
}
