package dev.faultline.e2e.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Test applications compiled at test time against a directory of library jars that Maven copied into
 * {@code e2e/target/testapp-*} (so that each application sees only its own libraries, never the test class path).
 *
 * <pre>{@code
 * Path lib = TestApps.lib("testapp-clients");
 * Path classes = TestApps.compile("clients/ClientsApp.java", "clients", lib, source -> source);
 * Jvm.start(home, List.of(agentArg, "-cp", TestApps.classPath(classes, lib), "ClientsApp"));
 * }</pre>
 */
public final class TestApps {

  private TestApps() {}

  /** {@code e2e/target/<name>}, which must exist (filled by the build). */
  public static Path lib(String name) {
    Path lib = Repo.root().resolve("e2e/target").resolve(name);
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(lib + " does not exist: run the e2e build (process-test-resources) first");
    }
    return lib;
  }

  /**
   * Compiles {@code e2e/src/test/resources/testapp/<source>}, rewritten by {@code rewrite}, against {@code lib}
   * into {@code e2e/target/testapp-classes/<name>}; returns that directory.
   */
  public static Path compile(String source, String name, Path lib, UnaryOperator<String> rewrite) throws IOException {
    Path root = Repo.root();
    Path original = root.resolve("e2e/src/test/resources/testapp").resolve(source);
    Path sources = root.resolve("e2e/target/testapp-sources").resolve(name);
    Path classes = root.resolve("e2e/target/testapp-classes").resolve(name);
    Files.createDirectories(sources);
    Files.createDirectories(classes);
    Path rewritten = sources.resolve(original.getFileName());
    Files.writeString(rewritten, rewrite.apply(Files.readString(original)));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("tests need a JDK (no system Java compiler)");
    }
    int rc = javac.run(null, null, null, "--release", "17", "-proc:none", "-d", classes.toString(),
        "-cp", jars(lib), rewritten.toString());
    if (rc != 0) {
      throw new IllegalStateException("test application " + source + " does not compile against " + lib);
    }
    return classes;
  }

  /** {@code classes} then every jar of {@code lib}, in reverse name order (tomcat-* before jetty-*). */
  public static String classPath(Path classes, Path lib) throws IOException {
    return classes + File.pathSeparator + jars(lib);
  }

  private static String jars(Path lib) throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.map(Path::toString).sorted(Comparator.reverseOrder()).collect(Collectors.joining(File.pathSeparator));
    }
  }
}
