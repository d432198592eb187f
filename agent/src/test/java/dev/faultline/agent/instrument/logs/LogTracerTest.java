package dev.faultline.agent.instrument.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTracerTest {

  @Test
  void templateIsTheFormatStringCutAtItsCap() {
    assertEquals("payment {} failed", LogTracer.template("payment {} failed"));
    assertEquals("", LogTracer.template(null));
    String longTemplate = "x".repeat(LogTracer.MAX_TEMPLATE_CHARS + 50);
    assertEquals(LogTracer.MAX_TEMPLATE_CHARS, LogTracer.template(longTemplate).length());
  }
}
