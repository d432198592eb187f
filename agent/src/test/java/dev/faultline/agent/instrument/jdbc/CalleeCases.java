package dev.faultline.agent.instrument.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** The two ways of naming a statement's database, for {@code RequestPathCpuProbe}. */
public final class CalleeCases {

  private final JdbcCallees callees = new JdbcCallees();
  private Map<Object, String> byConnection = Collections.synchronizedMap(new WeakHashMap<>());

  /** What the agent does now. */
  public String cached(Connection connection) throws SQLException {
    return callees.of(connection);
  }

  /** What it did before (main at e3c69a9): a weak map per connection, the URL parsed on each new connection. */
  public String perConnection(Connection connection) throws SQLException {
    String callee = byConnection.get(connection);
    if (callee == null) {
      callee = JdbcUrls.callee(connection.getMetaData().getURL());
      byConnection.put(connection, callee);
    }
    return callee;
  }

  /** Forgets the connections {@link #perConnection} saw, as if they had been closed and collected. */
  public void forgetConnections() {
    byConnection = Collections.synchronizedMap(new WeakHashMap<>());
  }
}
