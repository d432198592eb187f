package dev.faultline.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.faultline.agent.internal.Throwables;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Applies an advice to a class of the agent's own, in memory, on the start-up thread before the transformer is
 * registered. The first transformation in a JVM loads and runs byte-buddy's redefinition machinery cold (several
 * hundred classes, all interpreted: ~80 ms of CPU on the 2-core test machine); without this it falls on whichever
 * application thread first loads a class to instrument, typically the one serving the first request, or the one
 * loading the JDBC driver. Afterwards a transformation costs that thread a few milliseconds. Never throws: it only
 * moves work, and the install goes on without it.
 */
final class TransformWarmUp {

  private static final Logger logger = Logger.getLogger(TransformWarmUp.class.getName());

  private TransformWarmUp() {}

  /**
   * Redefines {@link Target} with {@link TimingAdvice} as the installed transformer would and discards the result;
   * false when that failed (logged at FINE).
   */
  static boolean run(ByteBuddy byteBuddy, ClassLoader agentLoader) {
    try {
      ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(agentLoader);
      TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
          TypePool.Default.ReaderMode.FAST);
      // By name: a class literal would load Target, which is never meant to run.
      TypeDescription target = pool.describe(TransformWarmUp.class.getName() + "$Target").resolve();
      AdviceTransformer advice = new AdviceTransformer(agentLoader)
          .advice(named("handle"), TransformWarmUp.class.getName() + "$TimingAdvice");
      // As AgentBuilder's REDEFINE_FROZEN type strategy with class-format changes disabled.
      advice.transform(byteBuddy.with(Implementation.Context.Disabled.Factory.INSTANCE)
          .with(InstrumentedType.Factory.Default.FROZEN)
          .with(VisibilityBridgeStrategy.Default.NEVER)
          .redefine(target, locator), target, agentLoader, null, null)
          .make()
          .getBytes();
      return true;
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      logger.log(Level.FINE, "Faultline: transformation warm-up failed; the first real one will be slower", t);
      return false;
    }
  }

  /** The class warmed up on: a method with a branch and a call, like the ones the libraries instrument. */
  static final class Target {

    private Target() {}

    String handle(String path, int status) {
      if (status >= 500) {
        throw new IllegalStateException(path);
      }
      return path.trim();
    }
  }

  /** An enter and exit advice of the shape the libraries use: suppressed exceptions, a value handed over. */
  static final class TimingAdvice {

    private TimingAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Advice.Argument(0) String path) {
      return path == null ? 0 : System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter long start, @Advice.Thrown Throwable thrown) {
      if (thrown != null && start == 0) {
        System.nanoTime();
      }
    }
  }
}
