package dev.faultline.agent.instrument.jdbc;

import dev.faultline.agent.bootstrap.JdbcHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.sql.Statement;

/**
 * The {@link JdbcHook} the agent registers. {@link JdbcCallees} names each connection's database (parsed once per
 * distinct URL), {@link PreparedOperations} remembers each prepared statement's operation; the per-thread
 * {@link JdbcScope} is reused, so a steady-state execute on a reused connection allocates nothing here, and finds
 * its edge in the scope (the thread's last callee) without a lookup in the shared edge table.
 */
final class JdbcTracer implements JdbcHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;
  private final PreparedOperations preparedOperations = new PreparedOperations();
  private final JdbcCallees callees = new JdbcCallees();
  private final ThreadLocal<JdbcScope> scopes = ThreadLocal.withInitial(JdbcScope::new);

  JdbcTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public void prepared(Object statement, String sql) {
    if (guard.active()) {
      preparedOperations.put(statement, SqlOperation.of(sql));
    }
  }

  @Override
  public Object enter(Object statement, String sql) {
    if (!guard.active() || !(statement instanceof Statement)) {
      return null;
    }
    try {
      SqlOperation operation = sql != null ? SqlOperation.of(sql)
          : preparedOperations.get(statement);
      String callee = callees.of(((Statement) statement).getConnection());
      JdbcScope scope = scopes.get();
      scope.start(scope.edge(recorder, service, callee, operation), callee, System.nanoTime());
      return scope;
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return null;
    }
  }

  @Override
  public void exit(Object scope, Throwable thrown) {
    if (!(scope instanceof JdbcScope)) {
      return;
    }
    try {
      ((JdbcScope) scope).end(recorder, thrown, System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }
}
