package dev.faultline.agent.instrument;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The on/off state of one instrumented library. A failure to instrument one of its classes turns the library off
 * (one WARNING line); a failure inside its hooks at run time is counted and logged once, and the application's
 * call carries on.
 */
public final class LibraryGuard {

  private static final Logger logger = Logger.getLogger(LibraryGuard.class.getName());

  private final String library;
  private volatile boolean active = true;
  private final AtomicBoolean runtimeFailureLogged = new AtomicBoolean();
  private final LongAdder runtimeFailures = new LongAdder();

  public LibraryGuard(String library) {
    this.library = library;
  }

  public String library() {
    return library;
  }

  /** Whether the library's hooks should record. */
  public boolean active() {
    return active;
  }

  /** Instrumenting failed: turns the library off, logging once. */
  public void instrumentationFailed(String typeName, Throwable cause) {
    if (active) {
      active = false;
      logger.log(Level.WARNING, "Faultline: instrumentation of " + library + " disabled, failed on " + typeName
          + ": " + cause);
    }
  }

  /** A hook failed while recording: counted; the first is logged. */
  public void recordingFailed(Throwable cause) {
    runtimeFailures.increment();
    if (runtimeFailureLogged.compareAndSet(false, true)) {
      logger.log(Level.WARNING, "Faultline: recording failed in " + library + " (further failures are counted)",
          cause);
    }
  }

  /** Hook failures so far. */
  public long recordingFailures() {
    return runtimeFailures.sum();
  }
}
