package dev.faultline.agent.internal;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The agent's few stderr lines. The agent shares stderr with the application, so it speaks only at start-up and
 * when something the operator must know changes (collector lost or found again, host metrics disabled, a bad
 * setting), never once per failed attempt. Routine detail goes to {@code java.util.logging} at FINE.
 */
public final class AgentLog {

  private static volatile Consumer<String> sink = AgentLog::toStderr;

  private AgentLog() {}

  /** Prints one line, prefixed {@code faultline: }. */
  public static void warn(String message) {
    sink.accept("faultline: " + message);
  }

  /** Redirects the lines, for tests; returns the previous sink. Visible for testing. */
  public static Consumer<String> redirect(Consumer<String> newSink) {
    Consumer<String> old = sink;
    sink = newSink;
    return old;
  }

  private static void toStderr(String line) {
    PrintStream err = System.err;
    err.println(line);
  }
}
