package dev.faultline.collector.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether standard output is an interactive terminal, so that {@code top} may redraw the screen with ANSI codes.
 * On JDK 17 to 21 {@link System#console()} is null unless stdin and stdout are terminals; from JDK 22 it may exist
 * for redirected output too, and {@code Console.isTerminal()} (looked up reflectively, as we compile for 17) says.
 */
final class Terminal {

  private static volatile Boolean override;

  private Terminal() {}

  static boolean isInteractive() {
    Boolean o = override;
    if (o != null) {
      return o;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17 to 21: a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Visible for testing: pretend stdout is (or is not) a terminal until {@link #reset()}. */
  static void pretend(boolean interactive) {
    override = interactive;
  }

  /** Visible for testing. */
  static void reset() {
    override = null;
  }
}
