package dev.faultline.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.instrument.jdbc.JdbcInstrumentation;
import dev.faultline.agent.instrument.servlet.ServletInstrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pre-filter in front of byte-buddy must never reject a class a library would instrument (checked against the
 * libraries' own byte-buddy matchers over every class of a real JDBC driver), and must reject most others.
 */
class ClassCandidatesTest {

  private static final Set<String> JDBC_ADVISED = Set.of("execute", "executeQuery", "executeUpdate",
      "executeLargeUpdate", "executeBatch", "executeLargeBatch", "prepareStatement", "prepareCall");

  @BeforeAll
  static void bridge() {
    AgentTestSupport.instrumentation(); // the library classes refer to the bridge
  }

  @Test
  void jdbcCandidatesKeepEveryDriverClassTheMatcherTakesAndRejectMostOthers() throws IOException {
    Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    JdbcInstrumentation jdbc = new JdbcInstrumentation();
    ClassCandidates candidates = jdbc.candidates();
    ElementMatcher<TypeDescription> matcher = jdbc.typeMatcher();
    List<String> instrumented = new ArrayList<>();
    int classes = 0;
    int accepted = 0;
    try (JarFile jar = new JarFile(h2.toFile())) {
      TypePool pool = TypePool.Default.of(new ClassFileLocator.Compound(ClassFileLocator.ForJarFile.of(h2.toFile()),
          ClassFileLocator.ForClassLoader.ofSystemLoader()));
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String file = entry.getName();
        if (!file.endsWith(".class") || file.startsWith("META-INF/") || file.endsWith("module-info.class")) {
          continue;
        }
        classes++;
        String internalName = file.substring(0, file.length() - ".class".length());
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        boolean mayTransform = candidates.mayTransform(internalName, bytes);
        accepted += mayTransform ? 1 : 0;
        TypeDescription type = pool.describe(internalName.replace('/', '.')).resolve();
        if (matches(matcher, type) && declaresAdvised(type)) {
          instrumented.add(type.getName());
          assertTrue(mayTransform, type.getName() + " is instrumented but the pre-filter rejects it");
        }
      }
    }
    assertTrue(instrumented.containsAll(List.of("org.h2.jdbc.JdbcStatement", "org.h2.jdbc.JdbcPreparedStatement",
        "org.h2.jdbc.JdbcConnection")), instrumented.toString());
    assertTrue(accepted * 10 < classes, accepted + " of " + classes + " H2 classes pass the pre-filter");
    assertEquals(List.of(org.h2.jdbc.JdbcPreparedStatement.class), candidates.among(new Class<?>[] {
        java.sql.Statement.class, java.sql.PreparedStatement.class, org.h2.jdbc.JdbcPreparedStatement.class,
        org.h2.Driver.class, org.h2.util.Utils.class}), "loaded classes: by supertype");
  }

  @Test
  void servletCandidatesAreHttpServletByNameAndClassesDeclaringDoFilter() throws IOException {
    ClassCandidates candidates = new ServletInstrumentation().candidates();
    assertTrue(candidates.mayTransform("jakarta/servlet/http/HttpServlet", new byte[0]));
    assertTrue(candidates.mayTransform(internalName(LoggingFilter.class), classFile(LoggingFilter.class)));
    assertFalse(candidates.mayTransform(internalName(FilterLike.class), classFile(FilterLike.class)),
        "an interface declares nothing to instrument");
    assertFalse(candidates.mayTransform(internalName(Plain.class), classFile(Plain.class)));
    assertFalse(candidates.mayTransform("java/util/ArrayList", classFile(LoggingFilter.class)),
        "JDK packages are never filters here");
  }

  @Test
  void loadedClassesAreCandidatesBySupertypeWhenTheSupertypeIsLoaded() {
    ClassCandidates candidates = ClassCandidates.subtypesDeclaring(new String[] {FilterLike.class.getName()},
        "doFilter").or(ClassCandidates.named(Plain.class.getName()));
    assertEquals(List.of(LoggingFilter.class, Plain.class), candidates.among(
        new Class<?>[] {FilterLike.class, LoggingFilter.class, Plain.class, String.class, Runnable.class}));
    assertEquals(List.of(Plain.class), candidates.among(new Class<?>[] {LoggingFilter.class, Plain.class}),
        "no class implements a supertype that is not loaded");
  }

  @Test
  void namePatternsAndExactNamesCombine() throws IOException {
    ClassCandidates candidates = ClassCandidates.named("com.acme.Exact$Inner")
        .or(ClassCandidates.nameMatching("com\\.acme\\..*Service"));
    assertTrue(candidates.mayTransform("com/acme/Exact$Inner", new byte[0]));
    assertTrue(candidates.mayTransform("com/acme/orders/OrderService", new byte[0]));
    assertFalse(candidates.mayTransform("com/acme/orders/OrderRepository", new byte[0]));
    assertFalse(candidates.mayTransform(internalName(LoggingFilter.class), classFile(LoggingFilter.class)),
        "no method names asked for: the class file is not read");
  }

  @Test
  void unreadableClassFilesAreLeftToByteBuddy() throws IOException {
    ClassCandidates candidates = ClassCandidates.subtypesDeclaring(new String[] {"a.Filter"}, "doFilter");
    byte[] bytes = classFile(Plain.class);
    bytes[10] = 99; // first constant-pool entry with an unknown tag
    assertTrue(candidates.mayTransform(internalName(Plain.class), bytes));
    assertTrue(candidates.mayTransform(internalName(Plain.class), new byte[] {(byte) 0xca, (byte) 0xfe}));
    assertEquals(false, candidates.mayTransform(internalName(Plain.class), classFile(Plain.class)));
  }

  private static boolean matches(ElementMatcher<TypeDescription> matcher, TypeDescription type) {
    try {
      return matcher.matches(type);
    } catch (RuntimeException e) {
      return false; // a supertype outside the jar and the JDK (an optional dependency of H2)
    }
  }

  private static boolean declaresAdvised(TypeDescription type) {
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      if (JDBC_ADVISED.contains(method.getName())) {
        return true;
      }
    }
    return false;
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader().getResourceAsStream(internalName(type) + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Shaped like a servlet filter, without the Servlet API on the class path. */
  static final class LoggingFilter implements FilterLike {
    @Override
    public void doFilter(Object request, Object response, Object chain) {}
  }

  interface FilterLike {
    void doFilter(Object request, Object response, Object chain);
  }

  static final class Plain {
    public void run() {}
  }
}
