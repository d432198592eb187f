package dev.faultline.agent.bootstrap;

/** What the {@code HttpURLConnection} advice calls; implemented by the agent. */
public interface UrlConnectionHook {

  UrlConnectionHook NOOP = new UrlConnectionHook() {
    @Override
    public void enter(Object connection, boolean connected) {}

    @Override
    public void exit(Object connection, int responseCode, Throwable thrown, boolean responseRead) {}
  };

  /** Called at the outermost {@code connect}, {@code getOutputStream} or {@code getInputStream}. */
  void enter(Object connection, boolean connected);

  /**
   * Called when that call returns or throws. {@code responseRead} is true for {@code getInputStream}, after which
   * {@code responseCode} is final (-1 when there was no response).
   */
  void exit(Object connection, int responseCode, Throwable thrown, boolean responseRead);
}
