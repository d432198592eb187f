package dev.faultline.collector.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks {@code Authorization: Bearer <token>} on the query port. With no tokens configured every request is
 * admitted. Immutable and thread-safe; messages never contain a token.
 */
public final class QueryAuthenticator {

  private static final QueryAuthenticator OPEN = new QueryAuthenticator(List.of(), false);
  private static final String BEARER = "bearer ";

  private volatile List<Entry> entries;
  private final boolean swappable;

  private QueryAuthenticator(List<Entry> entries, boolean swappable) {
    this.entries = List.copyOf(entries);
    this.swappable = swappable;
  }

  /**
   * A copy whose tokens a configuration reload may {@link #swap} while connections use it (token rotation on
   * SIGHUP); every check reads the token list once, so it sees either the old or the new list.
   */
  public static QueryAuthenticator swappable(QueryAuthenticator initial) {
    return new QueryAuthenticator(initial.entries, true);
  }

  /** Takes {@code next}'s tokens from the next check on. */
  public void swap(QueryAuthenticator next) {
    if (!swappable) {
      throw new IllegalStateException("not swappable: create it with QueryAuthenticator.swappable");
    }
    entries = next.entries;
  }

  /** Whether {@code other} admits exactly the same tokens with the same scopes (a reload that changes nothing). */
  public boolean sameAs(QueryAuthenticator other) {
    List<Entry> a = entries;
    List<Entry> b = other.entries;
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).scope != b.get(i).scope || !java.util.Arrays.equals(a.get(i).token, b.get(i).token)) {
        return false;
      }
    }
    return true;
  }

  /** How many tokens admit, for log lines (never the tokens). */
  public int size() {
    return entries.size();
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
    return new QueryAuthenticator(entries, false);
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
    List<Entry> entries = this.entries; // one list for the whole check, even during a swap
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
