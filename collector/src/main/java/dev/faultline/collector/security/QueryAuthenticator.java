package dev.faultline.collector.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks {@code Authorization: Bearer <token>} on the query port. With no tokens configured every request is
 * admitted. Immutable and thread-safe; messages never contain a token.
 */
public final class QueryAuthenticator {

  private static final QueryAuthenticator OPEN = new QueryAuthenticator(List.of());
  private static final String BEARER = "bearer ";

  private final List<Entry> entries;

  private QueryAuthenticator(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Admits every request. */
  public static QueryAuthenticator open() {
    return OPEN;
  }

  /**
   * Reads every token now.
   *
   * @throws dev.faultline.collector.config.ConfigException naming the entry whose token cannot be read
   */
  public static QueryAuthenticator load(List<QueryTokenSpec> specs, Function<String, String> environment) {
    List<Entry> entries = new ArrayList<>();
    for (QueryTokenSpec spec : specs) {
      entries.add(new Entry(Tokens.bytes(spec.source().read(environment)), spec.scope()));
    }
    return new QueryAuthenticator(entries);
  }

  /** Whether requests need a token at all. */
  public boolean enabled() {
    return !entries.isEmpty();
  }

  /** The outcome for one request: admitted, 401 (no or unknown token) or 403 (token lacks the scope). */
  public record Decision(int status, String message) {
    static final Decision ADMITTED = new Decision(200, null);

    public boolean admitted() {
      return status == 200;
    }
  }

  /**
   * Decides one request.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param needed the scope the route needs
   */
  public Decision check(String authorization, QueryScope needed) {
    if (entries.isEmpty()) {
      return Decision.ADMITTED;
    }
    if (authorization == null || authorization.isBlank()) {
      return new Decision(401, "this collector requires a token: send Authorization: Bearer <token> "
          + "(faultline --token, $FAULTLINE_TOKEN)");
    }
    if (authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return new Decision(401, "unsupported Authorization scheme; send Authorization: Bearer <token>");
    }
    String token = authorization.substring(BEARER.length()).strip();
    QueryScope scope = null;
    for (Entry e : entries) { // every entry compared in constant time: no early exit
      if (Tokens.same(token, e.token) && (scope == null || e.scope == QueryScope.ADMIN)) {
        scope = e.scope;
      }
    }
    if (scope == null) {
      return new Decision(401, "the token is not one of this collector's query tokens");
    }
    if (!scope.covers(needed)) {
      return new Decision(403, "this route needs a token with scope " + needed + "; the token has scope " + scope);
    }
    return Decision.ADMITTED;
  }

  private record Entry(byte[] token, QueryScope scope) {}
}
