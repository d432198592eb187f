package dev.faultline.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.internal.StartupTrace;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * The one place the byte-buddy AgentBuilder is configured; {@link Instrumenter} adds every library to the one builder
 * made here (see {@link LibraryAttribution} for how a library still fails alone):
 * <ul>
 *   <li>retransformation without class-format changes, so classes loaded before the agent (the JDK's HTTP
 *       classes usually are) are instrumented too, with inlined advice only;
 *   <li>bootstrap and platform classes are <em>not</em> ignored (byte-buddy's default ignores them), but byte-buddy
 *       itself and Faultline's agent classes are, by name only (cheap);
 *   <li>every module of an instrumented type reads the bridge's module (the bootstrap loader's unnamed module),
 *       or advice inlined into {@code java.base} or {@code jdk.httpserver} could not link against the bridge;
 *   <li>one weakly held type-pool cache per class loader ({@link WeakTypePoolCache});
 *   <li>types are redefined with advice only ({@link #byteBuddy}; advice classes resolved once, {@link AdviceTransformer});
 *   <li>no Nexus ({@link #disableNexus});
 *   <li>byte-buddy sees only the classes some library may transform ({@link ClassCandidates}): the ones the JVM
 *       loads pass {@link PreFilteringTransformer} first; {@code installOn} only registers the transformer (as
 *       retransforming), and of the classes loaded before it only the candidates are retransformed, afterwards,
 *       by {@link LoadedCandidates}, instead of byte-buddy describing every loaded class;
 *   <li>a transformation error disables the libraries that took part through their {@link LibraryGuard}s.
 * </ul>
 */
final class AgentBuilderFactory {

  private AgentBuilderFactory() {}

  static AgentBuilder create(Instrumentation instrumentation, AgentBuilder.Listener listener,
      ClassCandidates candidates) {
    disableNexus();
    return new AgentBuilder.Default(byteBuddy())
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(nothingAtInstall())
        .with(preFilter(candidates))
        .with(listener)
        .with(WeakTypePoolCache.INSTANCE)
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        // Names only: a matcher on modifiers (isSynthetic, say) would make byte-buddy parse every class the JVM
        // loads, which tripled the class-loading time of H2 in the tests.
        // Built at run time so that shading does not relocate the string: the application's own byte-buddy
        // (net.bytebuddy) stays ignored; ours (relocated) is under dev.faultline.agent.
        .ignore(nameStartsWith(String.join(".", "net", "bytebuddy", "")).or(nameStartsWith("dev.faultline.agent.")))
        .assureReadEdgeTo(instrumentation, Hooks.class);
  }

  /**
   * byte-buddy for redefining types with advice only: the method graph of the declared methods (the advice applies
   * to declared methods; byte-buddy's default resolves every inherited method through all supertypes, for the JDBC
   * driver's classes the whole {@code java.sql} interfaces), and no validation of the instrumented type (nothing is
   * added to it).
   */
  static ByteBuddy byteBuddy() {
    return new ByteBuddy()
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .with(TypeValidation.DISABLED);
  }

  /**
   * byte-buddy's Nexus (for types with live initializers; inlined advice has none) would otherwise be injected into
   * the system class loader as the AgentBuilder is created, which generates an accessor class and loads ~100 more
   * byte-buddy classes on the start-up thread. The property's name is relocated with byte-buddy, so an
   * application's own byte-buddy is not affected; an explicit setting is kept.
   */
  private static void disableNexus() {
    if (System.getProperty(Nexus.PROPERTY) == null) {
      System.setProperty(Nexus.PROPERTY, "true");
    }
  }

  private static AgentBuilder.TransformerDecorator preFilter(ClassCandidates candidates) {
    return transformer -> new PreFilteringTransformer(transformer, candidates);
  }

  /**
   * No class is retransformed inside {@code installOn}: it registers the transformer only, and {@link LoadedCandidates}
   * retransforms the loaded candidates after it (see {@link Instrumenter#install}).
   */
  private static AgentBuilder.RedefinitionStrategy.DiscoveryStrategy nothingAtInstall() {
    return instrumentation -> {
      StartupTrace.mark("transformer registered");
      return List.of();
    };
  }
}
