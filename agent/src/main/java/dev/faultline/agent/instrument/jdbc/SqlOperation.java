package dev.faultline.agent.instrument.jdbc;

/** The operation of a SQL statement, from its first keyword (after blanks, comments and parentheses). */
public enum SqlOperation {
  SELECT, INSERT, UPDATE, DELETE, OTHER;

  /** The operation of {@code sql}; {@link #OTHER} for null, empty or anything else. Allocation-free. */
  public static SqlOperation of(String sql) {
    if (sql == null) {
      return OTHER;
    }
    int i = skipNoise(sql);
    for (SqlOperation op : KEYWORDS) {
      String keyword = op.name();
      if (sql.regionMatches(true, i, keyword, 0, keyword.length())
          && (i + keyword.length() == sql.length() || !Character.isLetterOrDigit(sql.charAt(i + keyword.length())))) {
        return op;
      }
    }
    return OTHER;
  }

  private static final SqlOperation[] KEYWORDS = {SELECT, INSERT, UPDATE, DELETE};

  private static int skipNoise(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    return i;
  }
}
