package dev.faultline.collector.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of paged routes: the sort key of the last item of the previous page, base64url-coded
 * so that it needs no escaping in a URL. Clients pass {@code next_cursor} back unchanged.
 */
public final class PageCursor {

  private PageCursor() {}

  public static String encode(String lastKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /** The last key of the previous page, or null for the first page; a 400 naming {@code cursor} if not a cursor. */
  public static String decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(cursor);
    }
  }

  static ApiException invalid(String cursor) {
    String shown = cursor.length() > 64 ? cursor.substring(0, 64) + "..." : cursor;
    return ApiException.badParameter("cursor", "invalid value for 'cursor': '" + shown
        + "'; pass next_cursor of the previous page unchanged");
  }
}
