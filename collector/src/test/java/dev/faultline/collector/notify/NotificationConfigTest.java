package dev.faultline.collector.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.collector.config.ConfigException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationConfigTest {

  @Test
  void bindsAllThreeKindsOfTarget() throws Exception {
    NotificationConfig c = NotificationConfig.fromMap(yaml("""
        targets:
          - {name: pager, type: alertmanager, url: "http://127.0.0.1:9094/alerts"}
          - name: chat
            type: webhook
            url: "https://user:pw@chat.example.com/hooks/x?key=secret"
            headers: {Authorization: "Bearer t"}
            events: [open, resolve]
            timeout: 5s
          - {name: fix, type: exec, command: [/usr/local/bin/fix, --dry-run]}
        retry-initial: 2s
        rate-limit: 5
        """));
    assertEquals(3, c.targets().size());
    TargetConfig chat = c.targets().get(1);
    assertEquals(EnumSet.of(NotifyEvent.OPEN, NotifyEvent.RESOLVE), chat.events());
    assertEquals(Duration.ofSeconds(5), chat.timeout());
    assertEquals("https://chat.example.com/hooks/x", chat.destination(), "no user info, no query");
    assertEquals(Duration.ofSeconds(10), c.targets().get(0).timeout());
    assertEquals("/usr/local/bin/fix", c.targets().get(2).destination());
    assertEquals(Duration.ofSeconds(2), c.retryInitial());
    assertEquals(5, c.ratePerMinute());
  }

  @Test
  void badValuesNameTheirKey() {
    assertError("notifications.targets[0].url", "targets: [{name: a, type: webhook, url: 'ftp://x/y'}]");
    assertError("notifications.targets[0].type", "targets: [{name: a, type: slack, url: 'http://x/'}]");
    assertError("notifications.targets[1].name", """
        targets: [{name: a, type: webhook, url: 'http://x/'}, {name: a, type: webhook, url: 'http://y/'}]""");
    assertError("notifications.targets[0].command", "targets: [{name: a, type: exec, command: [fix.sh]}]");
    assertError("notifications.targets[0].command", "targets: [{name: a, type: exec}]");
    assertError("notifications.targets[0].events", "targets: [{name: a, type: exec, command: [/x], events: [page]}]");
    assertError("notifications.targets[0].colour", "targets: [{name: a, type: exec, command: [/x], colour: red}]");
    assertError("notifications.retries", "retries: 3");
    assertError("notifications.retry-max", "{retry-initial: 10s, retry-max: 1s}");
    assertError("notifications.rate-limit", "rate-limit: 0");
  }

  private static void assertError(String key, String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> NotificationConfig.fromMap(yaml(yaml)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(text, Map.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
