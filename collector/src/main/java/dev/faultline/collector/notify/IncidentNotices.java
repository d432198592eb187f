package dev.faultline.collector.notify;

import dev.faultline.collector.incident.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which incident changes are news. Pure: the same two states always give the same answer.
 *
 * <ul>
 *   <li>no earlier state, or an earlier resolved one, and now open: {@link NotifyEvent#OPEN};
 *   <li>open before, resolved now: {@link NotifyEvent#RESOLVE};
 *   <li>open before and now, with a different top root cause: {@link NotifyEvent#UPDATE} ("new root cause");
 *   <li>open before and now, with services or kinds of symptom the earlier state lacked: {@link NotifyEvent#UPDATE}
 *       ("escalated");
 *   <li>anything else (an anomaly ended, a repeat on a known series, a later timestamp): nothing, so that a
 *       flapping series does not page anyone again.
 * </ul>
 *
 * The root cause is read from the API views ({@code root_cause} of the Incident schema), so that whatever fills
 * it there is what notifications carry.
 */
public final class IncidentNotices {

  private IncidentNotices() {}

  /**
   * @param before the incident before the change, or null when it is new
   * @param beforeView its API view (null when {@code before} is null)
   * @param after the incident after the change
   * @param afterView its API view
   * @return the notice to send, or null when the change is not news
   */
  public static Notice classify(Incident before, Map<String, Object> beforeView, Incident after,
      Map<String, Object> afterView, long nowMillis) {
    Objects.requireNonNull(after, "after");
    boolean wasOpen = before != null && before.isOpen();
    if (!after.isOpen()) {
      return wasOpen ? new Notice(after.id(), NotifyEvent.RESOLVE, "resolved", afterView, nowMillis) : null;
    }
    if (!wasOpen) {
      return new Notice(after.id(), NotifyEvent.OPEN, "new incident: " + after.title(), afterView, nowMillis);
    }
    Object cause = rootCauseService(afterView);
    if (cause != null && !cause.equals(rootCauseService(beforeView))) {
      return new Notice(after.id(), NotifyEvent.UPDATE, "new root cause: " + cause, afterView, nowMillis);
    }
    List<String> grown = new ArrayList<>();
    after.services().stream().filter(s -> !before.services().contains(s)).forEach(s -> grown.add(s + " joined"));
    after.kinds().stream().filter(k -> !before.kinds().contains(k)).forEach(k -> grown.add(k + " appeared"));
    if (!grown.isEmpty()) {
      return new Notice(after.id(), NotifyEvent.UPDATE, "escalated: " + String.join(", ", grown), afterView, nowMillis);
    }
    return null;
  }

  /** The top root cause's service (or the root cause itself when it is not an object), or null. */
  static Object rootCauseService(Map<String, Object> view) {
    Object rc = view == null ? null : view.get("root_cause");
    if (rc instanceof Map<?, ?> m) {
      return m.get("service");
    }
    return rc;
  }
}
