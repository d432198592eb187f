package dev.faultline.agent.instrument;

import dev.faultline.agent.internal.Throwables;
import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs, right after the transformer is installed and on the start-up thread, the {@link FirstUse} of every library
 * the application already uses (its marker class is loaded). Without it, the first request through a library pays
 * on the application's thread for what is the agent's: the JDK server's {@code Filter$Chain} is loaded and
 * transformed by byte-buddy only when the first request arrives (~20-30 ms of that thread's CPU), and the agent's
 * scope classes, propagation headers and header-map var handles initialise then. A library not yet in use at the
 * install is left to its first call, as before. Never throws: it only moves work.
 */
final class FirstUseWarmUp {

  private static final Logger logger = Logger.getLogger(FirstUseWarmUp.class.getName());

  private FirstUseWarmUp() {}

  /** Warms up the libraries in use among {@code firstUses}; answers how many it warmed up. */
  static int run(Instrumentation instrumentation, List<FirstUse> firstUses) {
    Set<String> markers = new HashSet<>();
    for (FirstUse each : firstUses) {
      if (each != FirstUse.NONE) {
        markers.add(each.inUse());
      }
    }
    if (markers.isEmpty()) {
      return 0;
    }
    Set<String> inUse = new HashSet<>();
    try {
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        if (markers.contains(type.getName())) {
          inUse.add(type.getName());
        }
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return 0;
    }
    int warmed = 0;
    for (FirstUse each : firstUses) {
      if (each != FirstUse.NONE && inUse.contains(each.inUse()) && warmUp(each)) {
        warmed++;
      }
    }
    return warmed;
  }

  private static boolean warmUp(FirstUse firstUse) {
    try {
      for (String name : firstUse.platformClasses()) {
        // Loading it runs the installed transformer on this thread; initialising is left to the application.
        Class.forName(name, false, ClassLoader.getPlatformClassLoader());
      }
      firstUse.agentWork().run();
      return true;
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      logger.log(Level.FINE, "Faultline: first-use warm-up failed for " + firstUse.inUse(), t);
      return false;
    }
  }
}
