package dev.faultline.agent.instrument;

import dev.faultline.agent.internal.StartupTrace;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * byte-buddy's transformer behind a cheap check ({@link ClassCandidates}): the JVM calls it for every class it loads,
 * and for the classes no library can transform (nearly all) it returns at once, before byte-buddy sets up a type
 * pool and a description. Installed as byte-buddy's {@code TransformerDecorator}, so that retransformation and
 * {@code reset} go through it as well.
 */
final class PreFilteringTransformer extends ResettableClassFileTransformer.WithDelegation {

  /**
   * The packages {@code AgentBuilderFactory} tells byte-buddy to ignore, as internal-name prefixes: the agent's own
   * (its Netty and byte-buddy are relocated under it) and an application's byte-buddy. Some of them name methods the
   * candidates look for ({@code execute}), so they are turned away here, before the class-file scan. Built at run
   * time so that shading does not relocate the string.
   */
  private static final String[] IGNORED = {"dev/faultline/agent/", String.join("/", "net", "bytebuddy", "")};

  private final ClassCandidates candidates;

  PreFilteringTransformer(ResettableClassFileTransformer delegate, ClassCandidates candidates) {
    super(delegate);
    this.candidates = candidates;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null || ignored(internalName) || !candidates.mayTransform(internalName, classFile)) {
      if (StartupTrace.ENABLED) {
        StartupTrace.rejected();
      }
      return null;
    }
    if (!StartupTrace.ENABLED) {
      return classFileTransformer.transform(module, loader, internalName, classBeingRedefined, domain, classFile);
    }
    long start = System.nanoTime();
    long startCpu = StartupTrace.threadCpuNanos();
    byte[] transformed = null;
    try {
      transformed = classFileTransformer.transform(module, loader, internalName, classBeingRedefined, domain,
          classFile);
      return transformed;
    } finally {
      StartupTrace.passed(internalName, classBeingRedefined != null, System.nanoTime() - start,
          StartupTrace.threadCpuNanos() - startCpu, transformed != null);
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null || ignored(internalName) || !candidates.mayTransform(internalName, classFile)) {
      return null;
    }
    return classFileTransformer.transform(loader, internalName, classBeingRedefined, domain, classFile);
  }

  private static boolean ignored(String internalName) {
    for (String prefix : IGNORED) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
