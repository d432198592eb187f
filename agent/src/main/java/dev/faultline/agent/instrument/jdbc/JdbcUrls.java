package dev.faultline.agent.instrument.jdbc;

import java.util.Locale;
import java.util.Map;

/**
 * Derives the database callee name {@code db:<vendor>://host:port/name} from a JDBC URL. Credentials, parameters
 * and paths beyond the database name are dropped.
 *
 * <pre>{@code
 * jdbc:postgresql://db.internal/shop?user=x&password=y   -> db:postgresql://db.internal:5432/shop
 * jdbc:mysql://u:p@10.0.0.5:3307/orders                    -> db:mysql://10.0.0.5:3307/orders
 * jdbc:sqlserver://sql1:1433;databaseName=crm;password=y   -> db:sqlserver://sql1:1433/crm
 * jdbc:oracle:thin:@//ora:1521/ORCL                        -> db:oracle://ora:1521/ORCL
 * jdbc:h2:mem:test;DB_CLOSE_DELAY=-1                       -> db:h2://mem/test
 * jdbc:h2:tcp://localhost:9092/~/data/app                  -> db:h2://localhost:9092/app
 * }</pre>
 */
public final class JdbcUrls {

  private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
      "postgresql", 5432, "mysql", 3306, "mariadb", 3306, "sqlserver", 1433, "oracle", 1521, "db2", 50000,
      "h2", 9092);

  private JdbcUrls() {}

  /** The callee for {@code url}; {@code db:unknown://unknown} when it is null or not a JDBC URL. */
  public static String callee(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return "db:unknown://unknown";
    }
    String rest = url.substring(5);
    int colon = rest.indexOf(':');
    String vendor = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    rest = colon < 0 ? "" : rest.substring(colon + 1);
    if (vendor.equals("oracle")) {
      int at = rest.indexOf('@');
      rest = at < 0 ? rest : rest.substring(at + 1);
      rest = rest.startsWith("//") ? rest : "//" + rest.replaceFirst(":([^:/]*)$", "/$1");
    } else if (vendor.equals("h2") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:")) {
      return "db:h2://" + h2Local(rest);
    } else if (rest.startsWith("tcp:") || rest.startsWith("ssl:")) {
      rest = rest.substring(4);
    }
    return rest.startsWith("//") ? "db:" + vendor + "://" + hostPortName(vendor, rest.substring(2))
        : "db:" + vendor + "://" + lastSegment(cutParameters(rest));
  }

  private static String hostPortName(String vendor, String authorityAndPath) {
    String database = parameter(authorityAndPath, "databaseName");
    String s = cutParameters(authorityAndPath);
    int slash = s.indexOf('/');
    String authority = slash < 0 ? s : s.substring(0, slash);
    String path = slash < 0 ? "" : s.substring(slash + 1);
    authority = authority.substring(authority.lastIndexOf('@') + 1);   // drop user:password@
    authority = authority.split(",")[0];                               // first host of a failover list
    if (authority.indexOf(':') < 0 && !authority.startsWith("[")) {
      Integer port = DEFAULT_PORTS.get(vendor);
      authority = port == null ? authority : authority + ':' + port;
    }
    String name = database != null ? database : lastSegment(path);
    return name.isEmpty() ? authority : authority + '/' + name;
  }

  private static String h2Local(String rest) {
    String s = cutParameters(rest);
    if (s.startsWith("mem:")) {
      return "mem/" + s.substring(4);
    }
    return "file/" + lastSegment(s.startsWith("file:") ? s.substring(5) : s);
  }

  private static String cutParameters(String s) {
    int end = s.length();
    for (char c : new char[] {'?', ';', '&'}) {
      int i = s.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return s.substring(0, end);
  }

  private static String parameter(String s, String name) {
    int i = s.toLowerCase(Locale.ROOT).indexOf(';' + name.toLowerCase(Locale.ROOT) + '=');
    if (i < 0) {
      return null;
    }
    int start = i + name.length() + 2;
    int end = s.indexOf(';', start);
    return s.substring(start, end < 0 ? s.length() : end);
  }

  private static String lastSegment(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
  }
}
