package dev.faultline.agent.bootstrap;

/**
 * What the advice of an inbound entry point (a servlet's {@code service}) calls; implemented by the agent. The
 * arguments are the library's own objects, typed {@code Object} because the bridge cannot see the library's
 * classes. The advice looks up the serving thread's {@link ThreadState} once and passes it to both calls; the hook
 * keeps its request scope in the thread's slot. Implementations never throw.
 */
public interface ServerHook {

  ServerHook NOOP = new ServerHook() {
    @Override
    public void enter(ThreadState thread, Object request, Object response) {}

    @Override
    public void exit(ThreadState thread, Throwable thrown) {}
  };

  /** Called at the outermost entry on {@code thread}. */
  void enter(ThreadState thread, Object request, Object response);

  /** Called when that call returns or throws ({@code thrown}), on the same thread. */
  void exit(ThreadState thread, Throwable thrown);
}
