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
 * {@value #MAX_ROUTE_CHARS} characters. {@link #identifierSegments} and {@link #matchesFolded} let a lookup compare
 * a raw path with a folded route without building the route at all. Stateless and thread-safe.
 */
public final class RouteFolder {

  public static final String PLACEHOLDER = "{id}";
  static final int MAX_ROUTE_CHARS = 160;
  static final int MAX_MASKED_SEGMENTS = 63;
  private static final int LONG_ID_CHARS = 16;
  private static final int PLACEHOLDER_HASH = PLACEHOLDER.hashCode(); // 31^3 c0 + 31^2 c1 + 31 c2 + c3

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

  /**
   * Which '/'-separated segments of {@code path} (non-empty) fold into {@value #PLACEHOLDER}: bit {@code k} for
   * segment {@code k} (the one before the first '/' is segment 0). 0 means the path is its own route. -1 when the
   * folded route would be cut at {@value #MAX_ROUTE_CHARS} characters or the path has more than
   * {@value #MAX_MASKED_SEGMENTS} segments: the caller then folds into a builder with {@link #fold}.
   */
  static long identifierSegments(String path) {
    long identifiers = 0;
    int length = path.length();
    int foldedLength = length;
    for (int start = 0, segment = 0; ; segment++) {
      if (segment == MAX_MASKED_SEGMENTS) {
        return -1;
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if (isIdentifier(path, start, end)) {
        identifiers |= 1L << segment;
        foldedLength += PLACEHOLDER.length() - (end - start);
      }
      if (end == length) {
        break;
      }
      start = end + 1;
    }
    return foldedLength > MAX_ROUTE_CHARS ? -1 : identifiers;
  }

  /**
   * Whether {@code route} is the folded form of {@code path}, given the path's {@link #identifierSegments} (not
   * -1): compares in place, segment by segment.
   */
  static boolean matchesFolded(String route, String path, long identifierSegments) {
    if (identifierSegments == 0) {
      return route.equals(path);
    }
    int length = path.length();
    int at = 0;
    for (int start = 0, segment = 0; ; segment++) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if ((identifierSegments & (1L << segment)) != 0) {
        if (!route.startsWith(PLACEHOLDER, at)) {
          return false;
        }
        at += PLACEHOLDER.length();
      } else {
        if (!route.regionMatches(at, path, start, end - start)) {
          return false;
        }
        at += end - start;
      }
      if (end == length) {
        return at == route.length();
      }
      if (at >= route.length() || route.charAt(at) != '/') {
        return false;
      }
      at++;
      start = end + 1;
    }
  }

  /**
   * {@code 31 * h + c} over the characters of the folded {@code path}, starting from {@code seed}: the same value
   * as over the route {@link #fold} builds, without building it. {@code identifierSegments} as for
   * {@link #matchesFolded}.
   */
  static int foldedHash(int seed, String path, long identifierSegments) {
    int h = seed;
    int length = path.length();
    if (identifierSegments == 0) {
      for (int i = 0; i < length; i++) {
        h = 31 * h + path.charAt(i);
      }
      return h;
    }
    for (int start = 0, segment = 0; ; segment++) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if ((identifierSegments & (1L << segment)) != 0) {
        h = 31 * 31 * 31 * 31 * h + PLACEHOLDER_HASH;
      } else {
        for (int i = start; i < end; i++) {
          h = 31 * h + path.charAt(i);
        }
      }
      if (end == length) {
        return h;
      }
      h = 31 * h + '/';
      start = end + 1;
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
