package dev.faultline.e2e;

import dev.faultline.e2e.support.Repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Hello;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application with its own Netty 4.1 and protobuf 3.25 on its class path runs under the agent (which bundles
 * Netty 4.2 and protobuf 4.x, relocated): the application must see only its own versions and work, and the agent
 * must still connect and report. Runs on this JVM's Java and on Temurin 25 when installed.
 */
@Timeout(120)
class AgentIsolationTest {

  private static final String EXPECTED_NETTY = "4.1.118.Final";
  private static Path classes;
  private static Path lib;

  /** This JVM's Java, plus Temurin 25 when installed (JAVA25_HOME or the Debian path). */
  static Stream<String> javaHomes() {
    List<String> homes = new ArrayList<>();
    homes.add(System.getProperty("java.home"));
    for (String candidate : new String[] {System.getenv("JAVA25_HOME"), "/usr/lib/jvm/temurin-25-jdk-amd64"}) {
      if (candidate != null && Files.isExecutable(Paths.get(candidate, "bin", "java"))) {
        homes.add(candidate);
        break;
      }
    }
    return homes.stream();
  }

  @BeforeAll
  static void compileTestApp() throws IOException {
    Path root = Repo.root();
    lib = root.resolve("e2e/target/testapp-lib");
    classes = root.resolve("e2e/target/testapp-classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests need a JDK");
    int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), "-cp", libClassPath(),
        root.resolve("e2e/src/test/resources/testapp/IsolationApp.java").toString(),
        root.resolve("e2e/src/test/resources/testapp/QuietApp.java").toString());
    assertEquals(0, rc, "test app does not compile");
  }

  private static String libClassPath() throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void applicationSeesItsOwnLibrariesAndTheAgentStillReports(String javaHome) throws Exception {
    try (HelloRecorder collector = new HelloRecorder()) {
      Path out = Files.createTempFile("isolation-app", ".out");
      Path err = Files.createTempFile("isolation-app", ".err");
      Process app = new ProcessBuilder(Paths.get(javaHome, "bin", "java").toString(),
          "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.port()
              + ",service=isolation-app,interval=500ms",
          "-cp", classes + File.pathSeparator + libClassPath(), "IsolationApp", "60000")
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      // Let the app run until the agent has connected and reported once: the machine may be slow.
      ClientFrame first = collector.frames.poll(40, TimeUnit.SECONDS);
      ClientFrame batch = awaitBatch(collector);
      stop(app);
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      String context = "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
      assertEquals(0, app.exitValue(), context);

      assertTrue(stdout.contains("netty-version=" + EXPECTED_NETTY), context);
      assertFalse(stdout.contains("4.2."), "agent's Netty visible to the app" + context);
      assertTrue(lineOf(stdout, "netty-location=").contains("testapp-lib"), context);
      assertTrue(lineOf(stdout, "protobuf-location=").contains("protobuf-java-3.25"), context);
      assertTrue(stdout.contains("protobuf-has-runtime-version=false"), "agent's protobuf 4 visible" + context);
      assertTrue(stdout.contains("protobuf-roundtrip=v"), context);
      assertTrue(stdout.contains("netty-roundtrip=ping"), context);
      assertTrue(stdout.contains("app-done"), context);
      // The app's own Netty 4.1 may warn about Unsafe on JDK 24+; the agent's relocated copy must not.
      assertFalse(stderr.contains("dev.faultline.agent.shaded"), "agent classes on the app's stderr" + context);
      assertTrue(stderr.contains("faultline: agent"), context);

      assertNotNull(first, "agent never connected" + context);
      Hello hello = first.getHello();
      assertEquals("isolation-app", hello.getService());
      assertEquals(AgentKind.AGENT_KIND_JVM, hello.getKind());
      assertEquals(app.pid(), hello.getPid());
      assertNotNull(batch, "no batch arrived" + context);
    }
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void agentPrintsOnlyItsStartLineAndNoUnsafeWarning(String javaHome) throws Exception {
    try (HelloRecorder collector = new HelloRecorder()) {
      Path err = Files.createTempFile("quiet-app", ".err");
      Process app = new ProcessBuilder(Paths.get(javaHome, "bin", "java").toString(),
          "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.port() + ",interval=300ms,host-metrics=false",
          "-cp", classes.toString(), "QuietApp", "60000")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
      ClientFrame first = collector.frames.poll(40, TimeUnit.SECONDS);
      assertNotNull(awaitBatch(collector), "no batch arrived");
      long stopAt = System.nanoTime();
      stop(app);
      long millis = (System.nanoTime() - stopAt) / 1_000_000;
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertEquals(0, app.exitValue(), stderr);
      assertFalse(stderr.contains("sun.misc.Unsafe"), stderr);
      assertEquals(1, stderr.lines().count(), "only the start line expected:\n" + stderr);
      assertTrue(stderr.startsWith("faultline: agent"), stderr);
      assertNotNull(first, "agent never connected");
      // Exit includes JVM teardown on a possibly busy machine; the agent's own share is bounded at ~1 s.
      assertTrue(millis < 10_000, "exit took " + millis + " ms");
    }
  }

  private static ClientFrame awaitBatch(HelloRecorder collector) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 40_000;
    ClientFrame f;
    while ((f = collector.frames.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS))
        != null) {
      if (f.hasBatch()) {
        return f;
      }
    }
    return null;
  }

  private static void stop(Process app) throws Exception {
    app.getOutputStream().write('\n');
    app.getOutputStream().flush();
    assertTrue(app.waitFor(60, TimeUnit.SECONDS), "app did not exit");
  }

  private static String lineOf(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
  }
}
