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
 * {@value #MAX_ROUTE_CHARS} characters. {@link #scan} and {@link #matchesFolded} let a lookup compare
 * a raw path with a folded route without building the route at all. Stateless and thread-safe.
 */
public final class RouteFolder {

  public static final String PLACEHOLDER = "{id}";
  static final int MAX_ROUTE_CHARS = 160;
  static final int MAX_SCANNED_SEGMENTS = 31;
  private static final int LONG_ID_CHARS = 16;
  private static final int PLACEHOLDER_HASH = PLACEHOLDER.hashCode(); // 31^3 c0 + 31^2 c1 + 31 c2 + c3
  // Character classes of ASCII characters for scan(): a segment is all digits, all hex, all id characters.
  private static final int DIGIT = 1;
  private static final int HEX = 2;
  private static final int ID_CHAR = 4;
  private static final int ALL_CLASSES = DIGIT | HEX | ID_CHAR;
  private static final byte[] CHAR_CLASSES = charClasses();

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
   * One scan of {@code path} (non-empty) for a lookup that never builds the folded route: which '/'-separated
   * segments fold into {@value #PLACEHOLDER} (bit {@code k} for segment {@code k}, the one before the first '/'
   * being segment 0; 0 means the path is its own route), in bits 32-62, and {@code 31 * h + c} over the characters
   * of the folded route starting from {@code seed} (the value a hash over {@link #fold}'s output gives), in bits
   * 0-31. Negative when the folded route would be cut at {@value #MAX_ROUTE_CHARS} characters or the path has more
   * than {@value #MAX_SCANNED_SEGMENTS} segments: the caller then folds into a builder with {@link #fold}.
   *
   * <p>Classifies each character once through a table (the same rules as {@link #isIdentifier}) while hashing it,
   * so the two overlap in the CPU; a segment found to be an identifier has its characters' hash replaced by the
   * placeholder's.
   */
  static long scan(int seed, String path) {
    int length = path.length();
    int h = seed;
    int segmentSeed = seed;
    long identifiers = 0;
    int foldedLength = length;
    int segment = 0;
    int start = 0;
    int all = ALL_CLASSES;
    int any = 0;
    for (int i = 0; ; i++) {
      char c = i < length ? path.charAt(i) : '/';
      if (c != '/') {
        int classes = c < CHAR_CLASSES.length ? CHAR_CLASSES[c] : 0;
        all &= classes;
        any |= classes;
        h = 31 * h + c;
        continue;
      }
      int segmentLength = i - start;
      if (segmentLength > 0 && ((all & DIGIT) != 0
          || ((any & DIGIT) != 0 && segmentLength >= LONG_ID_CHARS && (all & (HEX | ID_CHAR)) != 0)
          || isUuid(path, start, i))) {
        identifiers |= 1L << segment;
        foldedLength += PLACEHOLDER.length() - segmentLength;
        h = 31 * 31 * 31 * 31 * segmentSeed + PLACEHOLDER_HASH;
      }
      if (i >= length) {
        break;
      }
      if (++segment == MAX_SCANNED_SEGMENTS) {
        return -1;
      }
      h = 31 * h + '/';
      segmentSeed = h;
      start = i + 1;
      all = ALL_CLASSES;
      any = 0;
    }
    return foldedLength > MAX_ROUTE_CHARS ? -1 : identifiers << 32 | (h & 0xFFFF_FFFFL);
  }

  /**
   * Whether {@code route} is the folded form of {@code path}, given the identifier segments {@link #scan} found
   * (bits 32-62 of its result, shifted down): compares in place, segment by segment.
   */
  static boolean matchesFolded(String route, String path, long identifierSegments) {
    if (identifierSegments == 0) {
      return route.equals(path);
    }
    int length = path.length();
    int routeLength = route.length();
    int at = 0;
    for (int i = 0, segment = 0; ; segment++) {
      if ((identifierSegments & (1L << segment)) != 0) {
        if (!route.startsWith(PLACEHOLDER, at)) {
          return false;
        }
        at += PLACEHOLDER.length();
        while (i < length && path.charAt(i) != '/') {
          i++;
        }
      } else {
        for (char c; i < length && (c = path.charAt(i)) != '/'; i++, at++) {
          if (at >= routeLength || route.charAt(at) != c) {
            return false;
          }
        }
      }
      if (i == length) {
        return at == routeLength;
      }
      if (at >= routeLength || route.charAt(at) != '/') {
        return false;
      }
      at++;
      i++;
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

  private static byte[] charClasses() {
    byte[] classes = new byte[128];
    for (char c = 0; c < 128; c++) {
      boolean digit = c >= '0' && c <= '9';
      boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      boolean idChar = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
      classes[c] = (byte) ((digit ? DIGIT : 0) | (digit || hexLetter ? HEX : 0) | (idChar ? ID_CHAR : 0));
    }
    return classes;
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
