package dev.faultline.agent.bootstrap;

/**
 * What the {@code com.sun.net.httpserver} advice calls; implemented by the agent. The advice has looked up the
 * serving thread's {@link ThreadState} once and passes it to both calls, so the hook keeps its request scope in
 * the thread's slot instead of a ThreadLocal of its own. Implementations never throw.
 */
public interface HttpServerHook {

  HttpServerHook NOOP = new HttpServerHook() {
    @Override
    public void enter(ThreadState thread, Object exchange) {}

    @Override
    public void exit(ThreadState thread, Throwable thrown) {}
  };

  /** Called at the outermost {@code Filter.Chain.doFilter(HttpExchange)} of {@code thread}. */
  void enter(ThreadState thread, Object exchange);

  /** Called when that call returns or throws ({@code thrown}), on the same thread. */
  void exit(ThreadState thread, Throwable thrown);
}
