package dev.faultline.agent.bootstrap;

/** What the advice of a method chosen by configuration calls; implemented by the agent. */
public interface MethodHook {

  MethodHook NOOP = new MethodHook() {
    @Override
    public void exit(String name, long startNanos, Throwable thrown) {}
  };

  /** The method {@code name} ({@code com.acme.OrderService.place}) started at {@code startNanos} returned or threw. */
  void exit(String name, long startNanos, Throwable thrown);
}
