package dev.faultline.agent.internal;

/** Boundary helpers for catching {@link Throwable} without swallowing what must never be swallowed. */
public final class Throwables {

  private Throwables() {}

  /** Rethrows errors the JVM cannot recover from (out of memory, stack overflow, internal VM errors). */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
  }

  /** A short description for a one-line message: class simple name and message. */
  public static String describe(Throwable t) {
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
