package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.CapturingCollector;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.TestApps;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.EventKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ERROR-level log events of Logback, Log4j 2 and java.util.logging in one application JVM with the agent arrive at
 * an in-process collector as ERROR_LOG events keyed by the message template and the logger, the logged exception as
 * an EXCEPTION event of its type; WARN events and the messages' arguments never arrive.
 */
@Timeout(120)
class ErrorLogsEndToEndTest {

  private static final String SERVICE = "e2e-logs";

  @TempDir Path dataDir;

  @Test
  void errorLogsArriveAsTemplateCountsWithoutArguments() throws Exception {
    Path lib = TestApps.lib("testapp-logs");
    Path classes = TestApps.compile("logs/LogsApp.java", "logs", lib, s -> s);
    try (CapturingCollector collector = CapturingCollector.start(dataDir);
        Jvm app = Jvm.start(Jvm.currentJavaHome(), List.of(collector.agentArgument(SERVICE),
            "-cp", TestApps.classPath(classes, lib), "LogsApp"))) {
      app.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60));
      collector.awaitEvent(e -> errorLog(e, "payment {} failed for {}", "shop.Payments"), "Logback error template");
      collector.awaitEvent(e -> errorLog(e, "stock low for item {}", "shop.Stock"), "Log4j 2 error template");
      collector.awaitEvent(e -> errorLog(e, "audit write failed: {0}", "shop.Audit"), "JUL severe template");
      collector.awaitEvent(e -> e.getKind() == EventKind.EVENT_KIND_EXCEPTION
          && e.getKey().equals("java.io.IOException") && e.getSource().equals("shop.Payments"), "logged exception");

      // Only the three templates and the one exception type, ever: no formatted message, argument or WARN event.
      Set<String> expected = Set.of("ERROR_LOG payment {} failed for {} shop.Payments",
          "ERROR_LOG stock low for item {} shop.Stock", "ERROR_LOG audit write failed: {0} shop.Audit",
          "EXCEPTION java.io.IOException shop.Payments");
      for (Event e : collector.events()) {
        String seen = e.getKind().name().substring("EVENT_KIND_".length()) + " " + e.getKey() + " " + e.getSource();
        assertTrue(expected.contains(seen), "unexpected event (an argument, a message or a WARN?): " + e);
      }
      assertFalse(app.transcript().contains("Faultline: "), "agent warnings:\n" + app.transcript());
    }
  }

  private static boolean errorLog(Event e, String template, String logger) {
    return e.getKind() == EventKind.EVENT_KIND_ERROR_LOG && e.getKey().equals(template)
        && e.getSource().equals(logger) && e.getCount() > 0;
  }
}
