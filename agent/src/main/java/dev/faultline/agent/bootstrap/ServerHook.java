package dev.faultline.agent.bootstrap;

/**
 * What the advice of an inbound entry point (a servlet's {@code service}, a configured method) calls; implemented
 * by the agent. The arguments are the library's own objects, typed {@code Object} because the bridge cannot see
 * the library's classes.
 */
public interface ServerHook {

  ServerHook NOOP = new ServerHook() {
    @Override
    public Object enter(Object request, Object response) {
      return null;
    }

    @Override
    public void exit(Object scope, Throwable thrown) {}
  };

  /** Called at the outermost entry on this thread; returns the scope for {@link #exit} (null: not measured). */
  Object enter(Object request, Object response);

  /** Called when that call returns or throws; {@code scope} may be null. */
  void exit(Object scope, Throwable thrown);
}
