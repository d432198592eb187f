package dev.faultline.agent.bootstrap;

/**
 * What the advice of an outbound HTTP client library calls; implemented by the agent. The arguments are the
 * library's own objects, typed {@code Object} because the bridge cannot see the library's classes.
 */
public interface ClientHook {

  ClientHook NOOP = new ClientHook() {
    @Override
    public Object enter(Object target, Object request) {
      return null;
    }

    @Override
    public Object request(Object scope, Object request) {
      return request;
    }

    @Override
    public void exit(Object scope, Object response, Throwable thrown) {}
  };

  /**
   * Called at the outermost call on this thread, before the request is sent (the hook may add headers to it);
   * {@code target} is the library's host object when it has one, else null. Returns the scope for {@link #exit}.
   */
  Object enter(Object target, Object request);

  /** The request to send instead of {@code request} (a copy with the propagation headers), or {@code request}. */
  Object request(Object scope, Object request);

  /** Called when the call returns {@code response} or throws; {@code scope} may be null. */
  void exit(Object scope, Object response, Throwable thrown);
}
