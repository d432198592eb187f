package dev.faultline.agent.instrument.jdbc;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into JDBC driver classes: JDK and bridge types only. */
public final class JdbcAdvice {

  private JdbcAdvice() {}

  /** {@code Statement.execute*(String sql, ...)}. */
  public static final class Execute {
    private Execute() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
      if (CallDepth.increment(CallDepth.JDBC) > 0) {
        return null;
      }
      return Hooks.jdbc().enter(statement, sql);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
      if (CallDepth.decrement(CallDepth.JDBC) > 0) {
        return;
      }
      Hooks.jdbc().exit(scope, thrown);
    }
  }

  /** {@code PreparedStatement.execute*()} and {@code executeBatch()}: the operation was learnt at prepare. */
  public static final class ExecutePrepared {
    private ExecutePrepared() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object statement) {
      if (CallDepth.increment(CallDepth.JDBC) > 0) {
        return null;
      }
      return Hooks.jdbc().enter(statement, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
      if (CallDepth.decrement(CallDepth.JDBC) > 0) {
        return;
      }
      Hooks.jdbc().exit(scope, thrown);
    }
  }

  /** {@code Connection.prepareStatement/prepareCall(String sql, ...)}: remember the statement's operation. */
  public static final class Prepare {
    private Prepare() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return Object statement, @Advice.Argument(0) String sql) {
      if (statement != null) {
        Hooks.jdbc().prepared(statement, sql);
      }
    }
  }
}
