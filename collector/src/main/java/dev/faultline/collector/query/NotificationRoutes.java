package dev.faultline.collector.query;

import dev.faultline.collector.notify.Notifier;

/** {@code GET /api/v1/notifications?incident=&limit=}: targets, pending count and the latest deliveries. */
public final class NotificationRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Notifier notifier;

  public NotificationRoutes(Notifier notifier) {
    this.notifier = notifier;
  }

  public Object list(ApiRequest request) {
    String limitText = request.parameter("limit");
    int limit = DEFAULT_LIMIT;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.badParameter("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    return notifier.view(request.parameter("incident"), limit);
  }
}
