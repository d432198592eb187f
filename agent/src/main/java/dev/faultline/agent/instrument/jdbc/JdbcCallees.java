package dev.faultline.agent.instrument.jdbc;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callee name of a statement's connection, parsed from its URL once per distinct URL rather than per
 * statement. Applications that open a connection per request (no pool) used to pay for a URL parse and a weak-map
 * insert on every statement.
 *
 * <p>Two levels: the thread's last connection (a weak reference, so a closed connection is not kept alive), then
 * a bounded URL-to-callee map shared by all threads; beyond {@value #MAX_URLS} distinct URLs the name is parsed
 * each time rather than cached, so a pathological application cannot grow the map.
 */
final class JdbcCallees {

  static final int MAX_URLS = 256;

  private final ConcurrentHashMap<String, String> byUrl = new ConcurrentHashMap<>();
  private final ThreadLocal<LastConnection> last = ThreadLocal.withInitial(LastConnection::new);

  /** The callee of {@code connection}, e.g. {@code db:h2://mem/shop}. */
  String of(Connection connection) throws SQLException {
    LastConnection cached = last.get();
    if (cached.connection.get() == connection) {
      return cached.callee;
    }
    String callee = ofUrl(connection.getMetaData().getURL());
    cached.connection = new WeakReference<>(connection);
    cached.callee = callee;
    return callee;
  }

  /** The callee of a connection URL (null allowed), from the shared map when seen before. */
  String ofUrl(String url) {
    if (url == null) {
      return JdbcUrls.callee(null);
    }
    String callee = byUrl.get(url);
    if (callee == null) {
      callee = JdbcUrls.callee(url);
      if (byUrl.size() < MAX_URLS) {
        byUrl.putIfAbsent(url, callee);
      }
    }
    return callee;
  }

  /** Number of URLs cached. Visible for testing. */
  int cachedUrls() {
    return byUrl.size();
  }

  private static final class LastConnection {
    WeakReference<Connection> connection = new WeakReference<>(null);
    String callee;
  }
}
