package dev.faultline.agent.bootstrap;

/** What the {@code java.net.http.HttpClient} advice calls; implemented by the agent. */
public interface HttpClientHook {

  HttpClientHook NOOP = new HttpClientHook() {
    @Override
    public Object enter(Object request) {
      return null;
    }

    @Override
    public Object request(Object scope, Object request) {
      return request;
    }

    @Override
    public void exit(Object scope, Object future, Throwable thrown) {}
  };

  /** Called when {@code HttpClientImpl.sendAsync} (which {@code send} uses too) starts; returns the scope. */
  Object enter(Object request);

  /** The request to send instead of {@code request}: a copy carrying the propagation headers. */
  Object request(Object scope, Object request);

  /** Called when {@code sendAsync} returns its future (or throws); the call ends when the future completes. */
  void exit(Object scope, Object future, Throwable thrown);
}
