package dev.faultline.agent.bootstrap;

/**
 * What the advice of an async outbound HTTP client calls (Apache HttpClient 5 async, HttpAsyncClient 4); implemented
 * by the agent.
 * The call ends on another thread, in the library's completion callback, so the hook replaces that callback with
 * one that records the call before delegating to the application's.
 */
public interface AsyncClientHook {

  AsyncClientHook NOOP = new AsyncClientHook() {
    @Override
    public Object enter(Object client, Object target, Object callback) {
      return callback;
    }

    @Override
    public void request(Object target, Object request) {}

    @Override
    public void exit() {}
  };

  /**
   * Called at the outermost submit on this thread; {@code target} is the host when the application gave one, else
   * null; {@code callback} may be null. Returns the callback to pass on instead ({@code callback} when not measured).
   */
  Object enter(Object client, Object target, Object callback);

  /**
   * The request of the call being submitted on this thread, before it is sent: the hook may add headers to it;
   * {@code target} is its host when the library knows it there, else null.
   */
  void request(Object target, Object request);

  /** Called when the outermost submit returns or throws. */
  void exit();
}
