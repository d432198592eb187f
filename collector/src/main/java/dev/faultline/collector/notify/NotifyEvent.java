package dev.faultline.collector.notify;

import java.util.Locale;

/** What happened to an incident that is worth telling someone. */
public enum NotifyEvent {
  /** A new incident. */
  OPEN,
  /** A new root cause, or an escalation: more services or another kind of symptom. */
  UPDATE,
  /** The incident resolved. Never given up: retried until delivered, across restarts. */
  RESOLVE;

  /** {@code open}, {@code update}, {@code resolve}: the word in payloads, the log and the configuration. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but open, update, resolve */
  public static NotifyEvent parse(String word) {
    return valueOf(word.trim().toUpperCase(Locale.ROOT));
  }
}
