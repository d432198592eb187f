package dev.faultline.agent.instrument.jdbc;

import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;

/**
 * One request's JDBC work as the hook sees it, for {@code HookCpuProbe}: {@code prepareStatement} on a pooled
 * connection, then {@code executeQuery} of that statement. Statements come from a ring (proxies answering
 * {@code getConnection}), as an application prepares a new one per request.
 */
public final class JdbcHookCase {

  private static final int STATEMENTS = 1024;
  private static final String SQL = "SELECT name, price FROM items WHERE id = ?";

  private JdbcHookCase() {}

  /** With the agent. */
  public static Runnable traced() {
    IntervalRecorder recorder = new IntervalRecorder("back", 100, 100, 200, 0);
    JdbcTracer tracer = new JdbcTracer(recorder, new LibraryGuard("jdbc"), "back");
    PreparedStatement[] statements = statements();
    int[] next = new int[1];
    return () -> {
      PreparedStatement statement = statements[next[0]++ & (STATEMENTS - 1)];
      tracer.prepared(statement, SQL);
      Object scope = tracer.enter(statement, null);
      tracer.exit(scope, null);
    };
  }

  /** Without the agent: picking the statement only. */
  public static Runnable bare() {
    PreparedStatement[] statements = statements();
    int[] next = new int[1];
    long[] sink = new long[1];
    return () -> sink[0] += statements[next[0]++ & (STATEMENTS - 1)] == null ? 1 : 0;
  }

  private static PreparedStatement[] statements() {
    ClassLoader loader = JdbcHookCase.class.getClassLoader();
    DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(loader,
        new Class<?>[] {DatabaseMetaData.class},
        (proxy, method, args) -> method.getName().equals("getURL") ? "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1" : null);
    Connection connection = (Connection) Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getMetaData" -> metaData;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> null;
        });
    PreparedStatement[] statements = new PreparedStatement[STATEMENTS];
    for (int i = 0; i < STATEMENTS; i++) {
      statements[i] = (PreparedStatement) Proxy.newProxyInstance(loader, new Class<?>[] {PreparedStatement.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "getConnection" -> connection;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
          });
    }
    return statements;
  }
}
