package dev.faultline.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The classes a library might transform, judged from a class's name and class-file bytes before byte-buddy
 * describes it: a superset of what the library's type matcher and advice actually touch, so that rejecting a class
 * here never loses coverage. Most classes an application loads are rejected here, which spares byte-buddy a type
 * description, a type pool and, for the JDBC and servlet-filter matchers, a walk over the class's supertypes.
 *
 * <pre>{@code
 * ClassCandidates.named("com.sun.net.httpserver.Filter$Chain")          // exact names
 * ClassCandidates.declaringMethod("doFilter")                            // classes that can declare doFilter
 * ClassCandidates.nameMatching("com\\.acme\\..*Service")                 // binary names matching a regex
 * }</pre>
 */
public final class ClassCandidates {

  /** Packages the supertype-walking libraries never instrument (their type matchers exclude them by name too). */
  private static final String[] JDK_INTERNAL = {"java/", "jdk/", "sun/", "com/sun/"};

  private final Set<String> internalNames;
  private final Set<String> declaredMethods;
  private final List<Pattern> namePatterns;
  private final byte[][] methodNameBytes;
  private final long methodNameLengths;

  private ClassCandidates(Set<String> internalNames, Set<String> declaredMethods, List<Pattern> namePatterns) {
    this.internalNames = Set.copyOf(internalNames);
    this.declaredMethods = Set.copyOf(declaredMethods);
    this.namePatterns = List.copyOf(namePatterns);
    this.methodNameBytes = new byte[declaredMethods.size()][];
    long lengths = 0;
    int i = 0;
    for (String method : this.declaredMethods) {
      byte[] bytes = method.getBytes(StandardCharsets.UTF_8);
      if (bytes.length >= 64) {
        throw new IllegalArgumentException("method name longer than 63 bytes: " + method);
      }
      methodNameBytes[i++] = bytes;
      lengths |= 1L << bytes.length;
    }
    this.methodNameLengths = lengths;
  }

  /** Classes with one of these binary names ({@code a.b.Outer$Inner}). */
  public static ClassCandidates named(String... binaryNames) {
    Set<String> internal = new HashSet<>();
    for (String name : binaryNames) {
      internal.add(name.replace('.', '/'));
    }
    return new ClassCandidates(internal, Set.of(), List.of());
  }

  /**
   * Classes (not interfaces) outside the JDK's {@code java.}, {@code jdk.}, {@code sun.} and {@code com.sun.}
   * packages whose class file names one of {@code methodNames}, which every class declaring such a method does: for
   * libraries matched by supertype, whose advice applies to methods of these names only.
   */
  public static ClassCandidates declaringMethod(String... methodNames) {
    return new ClassCandidates(Set.of(), Set.of(methodNames), List.of());
  }

  /** Classes whose binary name matches {@code regex} as a whole. */
  public static ClassCandidates nameMatching(String regex) {
    return new ClassCandidates(Set.of(), Set.of(), List.of(Pattern.compile(regex)));
  }

  /** The classes of this or {@code other}. */
  public ClassCandidates or(ClassCandidates other) {
    return union(List.of(this, other));
  }

  static ClassCandidates union(Collection<ClassCandidates> all) {
    Set<String> names = new HashSet<>();
    Set<String> methods = new HashSet<>();
    List<Pattern> patterns = new ArrayList<>();
    for (ClassCandidates each : all) {
      names.addAll(each.internalNames);
      methods.addAll(each.declaredMethods);
      patterns.addAll(each.namePatterns);
    }
    return new ClassCandidates(names, methods, patterns);
  }

  /** Whether the class being loaded, {@code internalName} ({@code a/b/C}) with {@code classFile}, may be one. */
  boolean mayTransform(String internalName, byte[] classFile) {
    if (internalNames.contains(internalName)) {
      return true;
    }
    if (methodNameBytes.length > 0 && !startsWithAny(internalName, JDK_INTERNAL)
        && ClassFileScan.mayDeclare(classFile, methodNameBytes, methodNameLengths)) {
      return true;
    }
    return !namePatterns.isEmpty() && matchesPattern(internalName.replace('/', '.'));
  }

  /**
   * Whether a class loaded before the install may be one, judged without its bytes: by name, and for
   * {@link #declaringMethod} by being a class outside the JDK; byte-buddy's matchers decide the rest.
   */
  boolean mayTransform(Class<?> type) {
    String internalName = type.getName().replace('.', '/');
    if (internalNames.contains(internalName)) {
      return true;
    }
    if (methodNameBytes.length > 0 && !type.isInterface() && !type.isArray() && !type.isPrimitive()
        && !startsWithAny(internalName, JDK_INTERNAL)) {
      return true;
    }
    return !namePatterns.isEmpty() && matchesPattern(type.getName());
  }

  private boolean matchesPattern(String binaryName) {
    for (Pattern pattern : namePatterns) {
      if (pattern.matcher(binaryName).matches()) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
