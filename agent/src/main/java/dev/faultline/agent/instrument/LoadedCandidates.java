package dev.faultline.agent.instrument;

import dev.faultline.agent.internal.StartupTrace;
import dev.faultline.agent.internal.Throwables;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Retransforms the candidate classes loaded before the transformer was registered (the JDK's HTTP classes usually
 * are), through the registered transformer: what byte-buddy's retransformation at {@code installOn} did, done
 * after the registration instead, so that it can run later and at a lower priority than the registration.
 */
final class LoadedCandidates {

  private static final Logger logger = Logger.getLogger(LoadedCandidates.class.getName());

  private LoadedCandidates() {}

  /**
   * Retransforms the modifiable candidates among the loaded classes, in one batch, or one by one if the batch
   * fails; a class that cannot be retransformed is left as it is (FINE log). Returns how many were retransformed.
   */
  static int retransform(Instrumentation instrumentation, ClassCandidates candidates) {
    List<Class<?>> loaded = candidates.among(instrumentation.getAllLoadedClasses());
    loaded.removeIf(type -> !instrumentation.isModifiableClass(type));
    StartupTrace.mark("loaded candidates found: " + loaded.size());
    if (loaded.isEmpty()) {
      return 0;
    }
    try {
      instrumentation.retransformClasses(loaded.toArray(Class<?>[]::new));
      return loaded.size();
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      logger.log(Level.FINE, "Faultline: retransforming the loaded classes together failed; one by one", t);
    }
    int retransformed = 0;
    for (Class<?> type : loaded) {
      try {
        instrumentation.retransformClasses(type);
        retransformed++;
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        logger.log(Level.FINE, "Faultline: " + type.getName() + " not retransformed", t);
      }
    }
    return retransformed;
  }
}
