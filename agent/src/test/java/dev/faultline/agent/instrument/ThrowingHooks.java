package dev.faultline.agent.instrument;

import dev.faultline.agent.bootstrap.HttpClientHook;
import dev.faultline.agent.bootstrap.HttpServerHook;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.bootstrap.UrlConnectionHook;

/** Hooks that throw from every method: the advice must swallow them. */
final class ThrowingHooks {

  static final HttpServerHook SERVER = new HttpServerHook() {
    @Override
    public void enter(ThreadState thread, Object exchange) {
      throw new IllegalStateException("hook enter");
    }

    @Override
    public void exit(ThreadState thread, Throwable thrown) {
      throw new IllegalStateException("hook exit");
    }
  };

  static final UrlConnectionHook URL_CONNECTION = new UrlConnectionHook() {
    @Override
    public void enter(Object connection, boolean connected) {
      throw new IllegalStateException("hook enter");
    }

    @Override
    public void exit(Object connection, int responseCode, Throwable thrown, boolean responseRead) {
      throw new IllegalStateException("hook exit");
    }
  };

  static final HttpClientHook CLIENT = new HttpClientHook() {
    @Override
    public Object enter(Object request) {
      throw new IllegalStateException("hook enter");
    }

    @Override
    public Object request(Object scope, Object request) {
      throw new IllegalStateException("hook request");
    }

    @Override
    public void exit(Object scope, Object future, Throwable thrown) {
      throw new IllegalStateException("hook exit");
    }
  };

  private ThrowingHooks() {}
}
