package dev.faultline.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.faultline.agent.instrument.httpclient.HttpClientInstrumentation;
import dev.faultline.agent.instrument.httpserver.HttpServerInstrumentation;
import dev.faultline.agent.instrument.httpserver.TestServer;
import dev.faultline.agent.instrument.record.IntervalReport;
import java.lang.instrument.Instrumentation;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirstUseWarmUpTest {

  /** A JDK class no test of this module loads: its being loaded shows the warm-up loaded it. */
  private static final String UNUSED_JDK_CLASS = "javax.print.attribute.standard.Chromaticity";

  @Test
  void warmsUpOnlyTheLibrariesInUse() {
    Instrumentation instrumentation = AgentTestSupport.instrumentation();
    assumeFalse(loaded(instrumentation, UNUSED_JDK_CLASS), "loaded by something else in this JVM");
    AtomicInteger inUseRuns = new AtomicInteger();
    AtomicInteger unusedRuns = new AtomicInteger();
    FirstUse inUse = new FirstUse(String.class.getName(), List.of(UNUSED_JDK_CLASS), inUseRuns::incrementAndGet);
    FirstUse unused = new FirstUse("com.example.NeverLoaded", List.of(), unusedRuns::incrementAndGet);

    assertEquals(1, FirstUseWarmUp.run(instrumentation, List.of(inUse, unused, FirstUse.NONE)));

    assertEquals(1, inUseRuns.get());
    assertEquals(0, unusedRuns.get());
    assertTrue(loaded(instrumentation, UNUSED_JDK_CLASS), "the platform class is loaded by the warm-up");
  }

  @Test
  void aFailingWarmUpIsSkippedAndTheOthersStillRun() {
    Instrumentation instrumentation = AgentTestSupport.instrumentation();
    AtomicInteger runs = new AtomicInteger();
    FirstUse throwing = new FirstUse(String.class.getName(), List.of(), () -> {
      throw new IllegalStateException("broken warm-up");
    });
    FirstUse missingClass = new FirstUse(String.class.getName(), List.of("java.lang.NoSuchClass"),
        runs::incrementAndGet);
    FirstUse working = new FirstUse(Integer.class.getName(), List.of(), runs::incrementAndGet);

    assertEquals(1, FirstUseWarmUp.run(instrumentation, List.of(throwing, missingClass, working)));
    assertEquals(1, runs.get(), "the class that cannot load stops its own warm-up only");
  }

  @Test
  void theHttpServerAndClientWarmUpsRecordNothing() throws Exception {
    AgentTestSupport.instrumentation();
    List<FirstUse> firstUses = List.of(new HttpServerInstrumentation().firstUse(),
        new HttpClientInstrumentation().firstUse());
    InstrumentationSettings settings = InstrumentationSettings.builder("shop").build();
    try (InstrumentationHandle handle = AgentTestSupport.install(settings);
        TestServer server = new TestServer()) {
      HttpClient.newHttpClient(); // both libraries now in use
      handle.drain(System.currentTimeMillis());

      assertEquals(2, FirstUseWarmUp.run(AgentTestSupport.instrumentation(), firstUses));

      IntervalReport report = handle.drain(System.currentTimeMillis());
      assertTrue(report.endpoints().isEmpty(), "no endpoint recorded: " + report.endpoints());
      assertTrue(report.edges().isEmpty(), "no edge recorded: " + report.edges());
      assertTrue(server.received.isEmpty(), "nothing was sent");
    }
  }

  private static boolean loaded(Instrumentation instrumentation, String name) {
    return Arrays.stream(instrumentation.getAllLoadedClasses()).anyMatch(c -> c.getName().equals(name));
  }
}
