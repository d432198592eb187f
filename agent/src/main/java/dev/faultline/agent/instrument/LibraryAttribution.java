package dev.faultline.agent.instrument;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Lets every library share one byte-buddy transformer yet fail alone: each library's type matcher and transformer
 * are wrapped so that the transformer notes, on the transforming thread, which libraries took part in the type at
 * hand; when that type fails, only those libraries are turned off ({@link #listener}).
 *
 * <p>One transformer instead of one per library: the JVM calls each registered transformer for every class it
 * loads and byte-buddy sets up a type description and pool per call, and every transformer installed with
 * retransformation walks all loaded classes once; with ten libraries that was ten times both.
 */
final class LibraryAttribution {

  private static final Logger logger = Logger.getLogger(LibraryAttribution.class.getName());

  /** The guards of the libraries whose transformers ran for the type being transformed on this thread. */
  private static final ThreadLocal<List<LibraryGuard>> CURRENT = ThreadLocal.withInitial(ArrayList::new);

  private LibraryAttribution() {}

  /**
   * {@code matcher}, skipped once the library is off; a type that cannot be described (a supertype missing from
   * the class path, say) is not this library's, and does not turn it off.
   */
  static ElementMatcher<TypeDescription> matcher(LibraryGuard guard, ElementMatcher<? super TypeDescription> matcher) {
    return type -> {
      if (!guard.active()) {
        return false;
      }
      try {
        return matcher.matches(type);
      } catch (RuntimeException | LinkageError e) {
        logger.log(Level.FINE, e, () -> "Faultline: " + guard.library() + " skips " + type.getName());
        return false;
      }
    };
  }

  /** {@code transformer}, noting its library as taking part in the current type. */
  static AgentBuilder.Transformer transformer(LibraryGuard guard, AgentBuilder.Transformer transformer) {
    return (DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader, JavaModule module,
        ProtectionDomain domain) -> {
      CURRENT.get().add(guard);
      return transformer.transform(builder, type, loader, module, domain);
    };
  }

  /** Turns off the libraries that took part in a type that failed; forgets them when the type is done. */
  static AgentBuilder.Listener listener() {
    return new AgentBuilder.Listener.Adapter() {
      @Override
      public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
          Throwable throwable) {
        List<LibraryGuard> involved = CURRENT.get();
        if (involved.isEmpty()) {
          logger.log(Level.FINE, throwable, () -> "Faultline: could not inspect " + typeName);
        }
        for (LibraryGuard guard : involved) {
          guard.instrumentationFailed(typeName, throwable);
        }
      }

      @Override
      public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module,
          boolean loaded, DynamicType dynamicType) {
        if (logger.isLoggable(Level.FINE)) {
          logger.fine("Faultline: instrumented " + type.getName() + " for " + CURRENT.get().stream()
              .map(LibraryGuard::library).toList());
        }
      }

      @Override
      public void onComplete(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
        CURRENT.get().clear();
      }
    };
  }
}
