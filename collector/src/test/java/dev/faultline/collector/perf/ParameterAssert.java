package dev.faultline.collector.perf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertion helper: an {@link IllegalArgumentException} whose message starts with the parameter's name. */
public final class ParameterAssert {

  private ParameterAssert() {}

  public static void assertMessage(String parameter, Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().startsWith(parameter), ex.getMessage());
  }
}
