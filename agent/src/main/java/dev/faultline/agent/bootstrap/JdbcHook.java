package dev.faultline.agent.bootstrap;

/** What the JDBC advice calls; implemented by the agent. */
public interface JdbcHook {

  JdbcHook NOOP = new JdbcHook() {
    @Override
    public void prepared(Object statement, String sql) {}

    @Override
    public Object enter(Object statement, String sql) {
      return null;
    }

    @Override
    public void exit(Object scope, Throwable thrown) {}
  };

  /** Called when {@code Connection.prepareStatement/prepareCall(sql, ...)} returned {@code statement}. */
  void prepared(Object statement, String sql);

  /** Called at the outermost {@code execute*}; {@code sql} is null for prepared statements. */
  Object enter(Object statement, String sql);

  /** Called when that call returns or throws; {@code scope} may be null. */
  void exit(Object scope, Throwable thrown);
}
