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
 * ClassCandidates.subtypesDeclaring(new String[] {"javax.servlet.Filter"}, "doFilter") // filters declaring doFilter
 * ClassCandidates.nameMatching("com\\.acme\\..*Service")                 // binary names matching a regex
 * }</pre>
 */
public final class ClassCandidates {

  /** Packages the supertype-walking libraries never instrument (their type matchers exclude them by name too). */
  private static final String[] JDK_INTERNAL = {"java/", "jdk/", "sun/", "com/sun/"};

  private final Set<String> internalNames;
  private final Set<String> supertypes;
  private final Set<String> declaredMethods;
  private final List<Pattern> namePatterns;
  private final byte[][] methodNameBytes;
  private final long methodNameLengths;

  private ClassCandidates(Set<String> internalNames, Set<String> supertypes, Set<String> declaredMethods,
      List<Pattern> namePatterns) {
    this.internalNames = Set.copyOf(internalNames);
    this.supertypes = Set.copyOf(supertypes);
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
    return new ClassCandidates(internal, Set.of(), Set.of(), List.of());
  }

  /**
   * Classes (not interfaces) outside the JDK's {@code java.}, {@code jdk.}, {@code sun.} and {@code com.sun.}
   * packages that extend or implement one of {@code supertypes} (binary names) and declare one of
   * {@code methodNames}: for libraries matched by supertype, whose advice applies to methods of these names only.
   * A class being loaded is judged by the method names in its class file (every class declaring such a method
   * names it there; its supertypes may not even be loaded yet), a class loaded before the install by its supertypes.
   */
  public static ClassCandidates subtypesDeclaring(String[] supertypes, String... methodNames) {
    return new ClassCandidates(Set.of(), Set.of(supertypes), Set.of(methodNames), List.of());
  }

  /** Classes whose binary name matches {@code regex} as a whole. */
  public static ClassCandidates nameMatching(String regex) {
    return new ClassCandidates(Set.of(), Set.of(), Set.of(), List.of(Pattern.compile(regex)));
  }

  /** The classes of this or {@code other}. */
  public ClassCandidates or(ClassCandidates other) {
    return union(List.of(this, other));
  }

  static ClassCandidates union(Collection<ClassCandidates> all) {
    Set<String> names = new HashSet<>();
    Set<String> supertypes = new HashSet<>();
    Set<String> methods = new HashSet<>();
    List<Pattern> patterns = new ArrayList<>();
    for (ClassCandidates each : all) {
      names.addAll(each.internalNames);
      supertypes.addAll(each.supertypes);
      methods.addAll(each.declaredMethods);
      patterns.addAll(each.namePatterns);
    }
    return new ClassCandidates(names, supertypes, methods, patterns);
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
   * The candidates among {@code loaded} (classes loaded before the install, to retransform), judged without their
   * bytes: by name, and for {@link #subtypesDeclaring} by being assignable to one of the supertypes (several
   * loaders may each have loaded one); byte-buddy's matchers decide the rest.
   */
  List<Class<?>> among(Class<?>[] loaded) {
    List<Class<?>> loadedSupertypes = new ArrayList<>();
    if (!supertypes.isEmpty()) {
      for (Class<?> type : loaded) {
        if (supertypes.contains(type.getName())) {
          loadedSupertypes.add(type);
        }
      }
    }
    List<Class<?>> candidates = new ArrayList<>();
    for (Class<?> type : loaded) {
      if (internalNames.contains(type.getName().replace('.', '/'))
          || isSubtype(type, loadedSupertypes)
          || (!namePatterns.isEmpty() && matchesPattern(type.getName()))) {
        candidates.add(type);
      }
    }
    return candidates;
  }

  private static boolean isSubtype(Class<?> type, List<Class<?>> supertypes) {
    if (supertypes.isEmpty() || type.isInterface() || type.isArray() || type.isPrimitive()
        || startsWithAny(type.getName().replace('.', '/'), JDK_INTERNAL)) {
      return false;
    }
    for (Class<?> supertype : supertypes) {
      if (supertype.isAssignableFrom(type)) {
        return true;
      }
    }
    return false;
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
