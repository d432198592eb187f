package dev.faultline.agent.bootstrap;

/** What the {@code com.sun.net.httpserver} advice calls; implemented by the agent. */
public interface HttpServerHook {

  HttpServerHook NOOP = new HttpServerHook() {
    @Override
    public Object enter(Object exchange) {
      return null;
    }

    @Override
    public void exit(Object scope, Throwable thrown) {}
  };

  /** Called at the outermost {@code Filter.Chain.doFilter(HttpExchange)}; returns the scope for {@link #exit}. */
  Object enter(Object exchange);

  /** Called when that call returns or throws; {@code scope} may be null. */
  void exit(Object scope, Throwable thrown);
}
