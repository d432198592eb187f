package dev.faultline.collector.security;

import java.util.Locale;

/** What a query-port token may do. */
public enum QueryScope {
  /** Every GET route of the API except {@code /api/v1/admin/...}. */
  READ,
  /** Everything {@link #READ} may, plus the admin routes ({@code /api/v1/admin/...}) and any non-GET route. */
  ADMIN;

  static final String EXPECTED = "read or admin";

  static QueryScope parse(String v) {
    return valueOf(v.strip().toUpperCase(Locale.ROOT));
  }

  /** Whether a token of this scope may call a route that needs {@code needed}. */
  public boolean covers(QueryScope needed) {
    return this == ADMIN || needed == READ;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
