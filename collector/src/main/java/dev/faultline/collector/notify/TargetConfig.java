package dev.faultline.collector.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configured target ({@code notifications.targets[i]}).
 *
 * @param name unique, used in the log, the metrics and {@code /api/v1/notifications}
 * @param type what to send
 * @param url where a webhook posts (http or https); null for exec
 * @param headers extra request headers (e.g. {@code Authorization}); their values are never logged or shown
 * @param command the exec hook's program and arguments (no shell); empty for webhooks
 * @param timeout how long one attempt may take
 * @param events which events go to this target
 */
public record TargetConfig(String name, Type type, URI url, Map<String, String> headers, List<String> command,
    Duration timeout, Set<NotifyEvent> events) {

  /** The kinds of target. */
  public enum Type {
    /** POSTs the Alertmanager webhook format (version 4), so Alertmanager receivers and its bridges work. */
    ALERTMANAGER("alertmanager"),
    /** POSTs the notice as plain JSON (the incident as the API shows it, plus event and reason). */
    WEBHOOK("webhook"),
    /** Runs a command with the notice JSON on its standard input. */
    EXEC("exec");

    final String word;

    Type(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    static Type parse(String s) {
      for (Type t : values()) {
        if (t.word.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException(s);
    }
  }

  public TargetConfig {
    headers = Map.copyOf(headers);
    command = List.copyOf(command);
    events = Set.copyOf(events);
  }

  /** Where it goes, safe to show: scheme, host, port and path of the URL (no user info, no query), or the program. */
  public String destination() {
    if (type == Type.EXEC) {
      return command.get(0);
    }
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getPath() == null ? "" : url.getPath());
  }
}
