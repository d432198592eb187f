package dev.faultline.agent.instrument.record;

/**
 * Folds a request path into a low-cardinality route: path segments that look like identifiers become
 * {@value #PLACEHOLDER}.
 *
 * <pre>{@code
 * /users/123/orders                          -> /users/{id}/orders
 * /files/3f2a9c0e1b7d4e5f8a6b                 -> /files/{id}        (hex hash, 16+ chars)
 * /o/123e4567-e89b-12d3-a456-426614174000    -> /o/{id}            (UUID)
 * /t/AbC123xyz789QwE456                      -> /t/{id}            (long mixed id, 16+ chars with a digit)
 * /v2/search                                 -> /v2/search         (short: kept)
 * }</pre>
 *
 * <p>Writes into a caller-supplied builder so the hot path allocates nothing; the route is capped at
 * {@value #MAX_ROUTE_CHARS} characters. Stateless and thread-safe.
 */
public final class RouteFolder {

  public static final String PLACEHOLDER = "{id}";
  static final int MAX_ROUTE_CHARS = 160;
  private static final int LONG_ID_CHARS = 16;

  private RouteFolder() {}

  /** Appends the folded form of {@code path} (a raw URI path; null or empty means "/") to {@code out}. */
  public static void fold(String path, StringBuilder out) {
    if (path == null || path.isEmpty()) {
      out.append('/');
      return;
    }
    int start = 0;
    int length = path.length();
    while (start <= length && out.length() < MAX_ROUTE_CHARS) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if (isIdentifier(path, start, end)) {
        out.append(PLACEHOLDER);
      } else {
        out.append(path, start, end);
      }
      if (end < length) {
        out.append('/');
      }
      start = end + 1;
    }
    if (out.length() > MAX_ROUTE_CHARS) {
      out.setLength(MAX_ROUTE_CHARS);
    }
  }

  /** Whether {@code path[start, end)} is a number, a UUID, a hex hash or a long id. Visible for testing. */
  static boolean isIdentifier(CharSequence path, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return false;
    }
    boolean allDigits = true;
    boolean allHex = true;
    boolean anyDigit = false;
    boolean idChars = true;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      anyDigit |= digit;
      allDigits &= digit;
      allHex &= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      idChars &= digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    }
    return allDigits
        || isUuid(path, start, end)
        || (allHex && anyDigit && length >= LONG_ID_CHARS)
        || (idChars && anyDigit && length >= LONG_ID_CHARS);
  }

  private static boolean isUuid(CharSequence path, int start, int end) {
    if (end - start != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = path.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (dash ? c != '-' : !hex) {
        return false;
      }
    }
    return true;
  }
}
