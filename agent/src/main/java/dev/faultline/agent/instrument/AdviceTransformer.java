package dev.faultline.agent.instrument;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies advice classes to the methods they are meant for, like byte-buddy's {@code Transformer.ForAdvice}, but
 * resolves each advice class once instead of once per transformed type: {@code ForAdvice} sets up a new type pool,
 * reads the advice's class file from the agent jar and parses it again for every class it transforms, which on the
 * start-up path (the JDBC driver's classes, the JDK classes retransformed at install) is repeated work. Same
 * defaults as {@code ForAdvice}: exceptions out of the advice are suppressed, the default assigner.
 *
 * <pre>{@code
 * new AdviceTransformer(adviceLoader)
 *     .advice(named("doFilter").and(takesArguments(1)), "dev.faultline.agent.instrument.httpserver.HttpServerAdvice");
 * }</pre>
 *
 * <p>Advice classes are described from {@code adviceLoader} alone, so their annotated parameters may name JDK types
 * and {@code Object} only (which is what the bootstrap-bridge design asks of them anyway). Resolution happens at the
 * first transformation; when it fails, the exception reaches byte-buddy's listener as before and only this library
 * is turned off, and the next transformation tries again.
 */
public final class AdviceTransformer implements AgentBuilder.Transformer {

  private final ClassFileLocator adviceLocator;
  private final List<Entry> entries;
  private volatile AsmVisitorWrapper resolved;

  /** Advice classes are read through {@code adviceLoader} (the agent's loader). */
  public AdviceTransformer(ClassLoader adviceLoader) {
    this(ClassFileLocator.ForClassLoader.of(adviceLoader), List.of());
  }

  private AdviceTransformer(ClassFileLocator adviceLocator, List<Entry> entries) {
    this.adviceLocator = adviceLocator;
    this.entries = entries;
  }

  /** This transformer plus {@code adviceClass} (binary name) applied to the declared methods {@code methods} picks. */
  public AdviceTransformer advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(methods, adviceClass));
    return new AdviceTransformer(adviceLocator, List.copyOf(more));
  }

  @Override
  public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
      JavaModule module, ProtectionDomain domain) {
    return builder.visit(visitor());
  }

  /** The advice of every entry, resolved on first use; racing threads resolve the same immutable result. */
  private AsmVisitorWrapper visitor() {
    AsmVisitorWrapper visitor = resolved;
    if (visitor == null) {
      TypePool pool = TypePool.Default.WithLazyResolution.of(adviceLocator);
      AsmVisitorWrapper.ForDeclaredMethods methods = new AsmVisitorWrapper.ForDeclaredMethods();
      for (Entry entry : entries) {
        Advice advice = Advice.to(pool.describe(entry.adviceClass()).resolve(), adviceLocator)
            .withAssigner(Assigner.DEFAULT)
            .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
        methods = methods.method(entry.methods(), advice);
      }
      visitor = methods;
      resolved = visitor;
    }
    return visitor;
  }

  private record Entry(ElementMatcher<? super MethodDescription> methods, String adviceClass) {}
}
