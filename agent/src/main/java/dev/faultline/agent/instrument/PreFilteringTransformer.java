package dev.faultline.agent.instrument;

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

  private final ClassCandidates candidates;

  PreFilteringTransformer(ResettableClassFileTransformer delegate, ClassCandidates candidates) {
    super(delegate);
    this.candidates = candidates;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null || !candidates.mayTransform(internalName, classFile)) {
      return null;
    }
    return classFileTransformer.transform(module, loader, internalName, classBeingRedefined, domain, classFile);
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null || !candidates.mayTransform(internalName, classFile)) {
      return null;
    }
    return classFileTransformer.transform(loader, internalName, classBeingRedefined, domain, classFile);
  }
}
