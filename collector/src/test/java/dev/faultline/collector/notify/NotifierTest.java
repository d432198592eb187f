package dev.faultline.collector.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries to real receivers on 127.0.0.1 (JDK HttpServer) and a real exec hook. */
@Timeout(30)
class NotifierTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  @Test
  void alertmanagerWebhookIsRetriedWithBackoffUntilDelivered() throws Exception {
    try (Receiver receiver = new Receiver(2);
        Notifier notifier = open(settings(webhook("am", TargetConfig.Type.ALERTMANAGER, receiver.url())))) {
      long t0 = System.nanoTime();
      notifier.notify(Incidents.notice("inc-1", NotifyEvent.OPEN));
      List<Receiver.Request> requests = receiver.await(3, WAIT);
      long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(List.of(503, 503, 200), requests.stream().map(Receiver.Request::answeredStatus).toList());
      assertTrue(elapsedMillis >= 50 + 100, "backoff 50 ms then 100 ms, took " + elapsedMillis);

      JsonNode body = requests.get(2).body();
      assertEquals("4", body.path("version").asText());
      assertEquals("firing", body.path("status").asText());
      assertEquals("am", body.path("receiver").asText());
      JsonNode alert = body.path("alerts").get(0);
      assertEquals("FaultlineIncident", alert.path("labels").path("alertname").asText());
      assertEquals("inc-1", alert.path("labels").path("incident").asText());
      assertEquals("checkout", alert.path("labels").path("services").asText());
      assertEquals("latency on checkout", alert.path("annotations").path("summary").asText());
      assertEquals(Payloads.ZERO_TIME, alert.path("endsAt").asText());
      assertEquals("http://127.0.0.1:9471/#/incident/inc-1", alert.path("generatorURL").asText());

      awaitTrue(() -> "delivered".equals(entry(notifier, 0).get("status")), WAIT);
      assertEquals(3, entry(notifier, 0).get("attempts"));
      assertEquals(0, notifier.view(null, 10).get("pending"));
    }
  }

  @Test
  void genericWebhookCarriesTheIncidentAndTheConfiguredHeaders() throws Exception {
    TargetConfig hook = new TargetConfig("hook", TargetConfig.Type.WEBHOOK, null, Map.of("Authorization", "Bearer s3cret"),
        List.of(), Duration.ofSeconds(5), EnumSet.allOf(NotifyEvent.class));
    try (Receiver receiver = new Receiver(0)) {
      hook = new TargetConfig(hook.name(), hook.type(), receiver.url(), hook.headers(), hook.command(), hook.timeout(),
          hook.events());
      try (Notifier notifier = open(settings(hook))) {
        notifier.notify(Incidents.notice("inc-2", NotifyEvent.RESOLVE));
        Receiver.Request r = receiver.await(1, WAIT).get(0);
        assertEquals("resolve", r.body().path("event").asText());
        assertEquals("resolved", r.body().path("incident").path("status").asText());
        assertEquals("inc-2", r.body().path("incident").path("id").asText());
        assertEquals(List.of("Bearer s3cret"), r.headers().get("Authorization"));
        assertFalse(new ObjectMapper().writeValueAsString(notifier.view(null, 10)).contains("s3cret"),
            "the API never shows header values");
      }
    }
  }

  @Test
  void aRepeatedNoticeIsSentOnceAndLoggedAsDuplicate() throws Exception {
    try (Receiver receiver = new Receiver(0);
        Notifier notifier = open(settings(webhook("am", TargetConfig.Type.ALERTMANAGER, receiver.url())))) {
      notifier.notify(Incidents.notice("inc-3", NotifyEvent.OPEN));
      notifier.notify(Incidents.notice("inc-3", NotifyEvent.OPEN));
      receiver.await(1, WAIT);
      awaitTrue(() -> "delivered".equals(entryOf(notifier, "inc-3", "open", "delivered")), WAIT);
      Thread.sleep(200);
      assertEquals(1, receiver.requests().size());
      assertEquals("duplicate", entry(notifier, 0).get("status"));
    }
  }

  @Test
  void openIsGivenUpAfterMaxAttemptsButResolveIsNot() throws Exception {
    try (Receiver receiver = new Receiver(5);
        Notifier notifier = open(settings(webhook("am", TargetConfig.Type.ALERTMANAGER, receiver.url())))) {
      notifier.notify(Incidents.notice("inc-4", NotifyEvent.OPEN));    // 3 attempts, all 503: given up
      notifier.notify(Incidents.notice("inc-4", NotifyEvent.RESOLVE)); // 503, 503, then 200 on the 3rd attempt
      List<Receiver.Request> requests = receiver.await(6, WAIT);
      assertEquals(List.of("firing", "firing", "firing", "resolved", "resolved", "resolved"),
          requests.stream().map(r -> r.body().path("status").asText()).toList());
      awaitTrue(() -> "delivered".equals(entryOf(notifier, "inc-4", "resolve", "delivered")), WAIT);
      assertEquals("gave_up", entryOf(notifier, "inc-4", "open", "gave_up"));
    }
  }

  @Test
  void aPendingResolveSurvivesARestart() throws Exception {
    NotificationConfig config;
    try (Receiver down = new Receiver(Integer.MAX_VALUE)) {
      config = settings(webhook("am", TargetConfig.Type.ALERTMANAGER, down.url())).withRetry(Duration.ofMillis(50),
          Duration.ofMillis(50), 1);
      try (Notifier notifier = open(config)) {
        notifier.notify(Incidents.notice("inc-5", NotifyEvent.RESOLVE));
        down.await(3, WAIT); // max-attempts 1 does not apply to a resolve
      }
    }
    try (Receiver up = new Receiver(0)) {
      NotificationConfig moved = config.withTargets(List.of(webhook("am", TargetConfig.Type.ALERTMANAGER, up.url())));
      try (Notifier restarted = open(moved)) {
        JsonNode body = up.await(1, WAIT).get(0).body();
        assertEquals("resolved", body.path("status").asText());
        assertEquals("inc-5", body.path("alerts").get(0).path("labels").path("incident").asText());
        awaitTrue(() -> Integer.valueOf(0).equals(restarted.view(null, 10).get("pending")), WAIT);
      }
    }
  }

  @Test
  void theRateLimitDelaysRatherThanDrops() throws Exception {
    try (Receiver receiver = new Receiver(0);
        Notifier notifier = open(settings(webhook("am", TargetConfig.Type.ALERTMANAGER, receiver.url()))
            .withRateLimit(2))) {
      for (int i = 0; i < 3; i++) {
        notifier.notify(Incidents.notice("inc-rate-" + i, NotifyEvent.OPEN));
      }
      receiver.await(2, WAIT);
      Thread.sleep(300);
      assertEquals(2, receiver.requests().size(), "2 per minute: the third waits ~30 s for a token");
      assertEquals(1, notifier.view(null, 10).get("pending"));
    }
  }

  @Test
  void execHookGetsTheNoticeOnStdinAndIsRetriedOnFailure() throws Exception {
    Path out = dataDir.resolve("hook-input.json");
    Path marker = dataDir.resolve("failed-once");
    // fails the first run (exit 3), then writes its stdin and environment to files
    String script = "if [ ! -e '" + marker + "' ]; then touch '" + marker + "'; echo 'remediation busy' >&2; exit 3; fi;"
        + " cat > '" + out + "'; echo \"$FAULTLINE_EVENT $FAULTLINE_INCIDENT_ID\" > '" + out + ".env'";
    TargetConfig exec = new TargetConfig("fix", TargetConfig.Type.EXEC, null, Map.of(),
        List.of("/bin/sh", "-c", script), Duration.ofSeconds(5), EnumSet.of(NotifyEvent.OPEN));
    try (Notifier notifier = open(settings(exec))) {
      notifier.notify(Incidents.notice("inc-6", NotifyEvent.OPEN));
      notifier.notify(Incidents.notice("inc-6", NotifyEvent.RESOLVE)); // not among this target's events
      awaitTrue(() -> Files.exists(Path.of(out + ".env")), WAIT);
      JsonNode body = new ObjectMapper().readTree(Files.readString(out));
      assertEquals("open", body.path("event").asText());
      assertEquals("inc-6", body.path("incident").path("id").asText());
      assertEquals("open inc-6", Files.readString(Path.of(out + ".env")).strip());
      awaitTrue(() -> "delivered".equals(entry(notifier, 0).get("status")), WAIT);
      assertEquals(2, entry(notifier, 0).get("attempts"));
      assertEquals(1, notifier.view(null, 10).get("notifications") instanceof List<?> l ? l.size() : -1);
    }
  }

  @Test
  void aFailedExecAttemptSaysWhy() throws Exception {
    TargetConfig exec = new TargetConfig("fix", TargetConfig.Type.EXEC, null, Map.of(),
        List.of("/bin/sh", "-c", "echo 'no such service' >&2; exit 7"), Duration.ofSeconds(5),
        EnumSet.allOf(NotifyEvent.class));
    try (Notifier notifier = open(settings(exec).withRetry(Duration.ofSeconds(10), Duration.ofSeconds(10), 3))) {
      notifier.notify(Incidents.notice("inc-7", NotifyEvent.OPEN));
      awaitTrue(() -> "retrying".equals(entry(notifier, 0).get("status")), WAIT);
      assertEquals("/bin/sh exited with 7: no such service", entry(notifier, 0).get("last_error"));
    }
  }

  // --- helpers

  private Notifier open(NotificationConfig config) {
    return Notifier.open(config, dataDir, System::currentTimeMillis, "http://127.0.0.1:9471/");
  }

  private static NotificationConfig settings(TargetConfig... targets) {
    return NotificationConfig.none().withTargets(List.of(targets))
        .withRetry(Duration.ofMillis(50), Duration.ofMillis(200), 3);
  }

  static TargetConfig webhook(String name, TargetConfig.Type type, URI url) {
    return new TargetConfig(name, type, url, Map.of(), List.of(), Duration.ofSeconds(5),
        EnumSet.allOf(NotifyEvent.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> entry(Notifier notifier, int index) {
    return ((List<Map<String, Object>>) notifier.view(null, 100).get("notifications")).get(index);
  }

  /** The status of the entry of {@code incident}/{@code event} that has {@code status}, or null. */
  @SuppressWarnings("unchecked")
  private static String entryOf(Notifier notifier, String incident, String event, String status) {
    for (Map<String, Object> e : (List<Map<String, Object>>) notifier.view(incident, 100).get("notifications")) {
      if (event.equals(e.get("event")) && status.equals(e.get("status"))) {
        return status;
      }
    }
    return null;
  }

  static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
