package dev.faultline.agent.instrument.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.instrument.record.EndpointSnapshot;
import dev.faultline.agent.instrument.record.IntervalReport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The custom-method benchmark measures what it says: the production advice, inlined, recording every call. */
class MethodInstrumentationBenchmarkTest {

  @AfterEach
  void removeHook() {
    Hooks.setMethod(null);
  }

  @Test
  void everyCallOfTheInstrumentedCopyIsRecordedAndThePlainOneIsNot() {
    MethodInstrumentationBenchmark bench = new MethodInstrumentationBenchmark();
    bench.setUp();
    bench.drain();
    for (int i = 0; i < 999; i++) {
      long instrumented = bench.customMethodCall();
      assertEquals(instrumented + 1, bench.plainMethodCall(), "both run the method's own body");
    }
    IntervalReport report = bench.recorderAfterOneCall().drain(System.currentTimeMillis());

    List<EndpointSnapshot> methods = report.methods();
    assertEquals(1, methods.size(), "one method endpoint: " + methods);
    assertEquals("example.bench.OrderService.applyAsLong", methods.get(0).name());
    assertEquals(1000, methods.get(0).requests(), "every instrumented call counted, no plain call");
    assertTrue(report.endpoints().isEmpty(), "methods are not endpoints");
  }
}
