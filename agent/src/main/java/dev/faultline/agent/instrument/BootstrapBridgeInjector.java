package dev.faultline.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Defines the bridge package ({@code dev.faultline.agent.bootstrap}) in the bootstrap loader from the agent's own
 * class files: with {@code jdk.internal.misc.Unsafe}, else byte-buddy's injector (below JDK 24), else by appending a
 * small temporary jar with {@link Instrumentation#appendToBootstrapClassLoaderSearch}.
 *
 * <p>Must run before anything loads a bridge class: the agent's loader delegates to its parents first, so from then
 * on the bootstrap copy is the only one. {@link #inject} verifies that and returns false otherwise.
 */
final class BootstrapBridgeInjector {

  static final String BRIDGE_PACKAGE = "dev/faultline/agent/bootstrap/";
  private static final String PROBE_CLASS = "dev.faultline.agent.bootstrap.Hooks";
  private static boolean injected; // guarded by class

  private BootstrapBridgeInjector() {}

  /** Injects once per JVM; true when the bridge is (now) defined by the bootstrap loader. */
  static synchronized boolean inject(Instrumentation instrumentation) throws IOException {
    // jdk.internal.misc.Unsafe, opened through the Instrumentation, first: byte-buddy's injector does the same but
    // first generates its dispatcher class, which loaded ~450 byte-buddy classes and took ~450 ms of CPU in
    // premain's thread (JDK 17, StartupBench); and on JDK 24+ it would use sun.misc.Unsafe, which warns.
    if (!injected && !onBootstrap() && (defineWithInternalUnsafe(instrumentation)
        || Runtime.version().feature() < 24 && defineDirectly(instrumentation))) {
      injected = true;
    }
    if (!injected && !onBootstrap()) {
      Path jar = Files.createTempFile("faultline-bootstrap-", ".jar");
      jar.toFile().deleteOnExit();
      writeBridgeJar(jar);
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
      injected = true;
    }
    // Every bridge class the agent links against must be the bootstrap copy; one loaded earlier by the agent's
    // loader would split the bridge in two (hooks registered in one copy, advice reading the other).
    return onBootstrap()
        && dev.faultline.agent.bootstrap.Hooks.class.getClassLoader() == null
        && dev.faultline.agent.bootstrap.TraceContext.class.getClassLoader() == null
        && dev.faultline.agent.bootstrap.CallDepth.class.getClassLoader() == null
        && dev.faultline.agent.bootstrap.ThreadState.class.getClassLoader() == null;
  }

  /**
   * Fallback of {@link #defineWithInternalUnsafe}: defines the bridge classes in the bootstrap loader without
   * touching the boot class path (byte-buddy's {@code ClassInjector.UsingUnsafe}, with {@code jdk.internal.misc}
   * opened through the {@link Instrumentation}). Preferred to the jar because appending to the boot class path makes HotSpot print "Sharing is only supported for boot
   * loader classes because bootstrap classpath has been appended" into the application's output whenever class data
   * sharing is on (the default). False when that is not possible here; the caller then appends a jar.
   */
  private static boolean defineDirectly(Instrumentation instrumentation) {
    try {
      ClassInjector.UsingUnsafe.Factory factory = ClassInjector.UsingUnsafe.Factory.resolve(instrumentation);
      if (!factory.isAvailable()) {
        return false;
      }
      ClassInjector injector = factory.make(null, null);
      return defineAll((name, bytes) -> {
        try {
          injector.injectRaw(Map.of(name, bytes));
          return true;
        } catch (LinkageError | RuntimeException e) {
          return false; // defined in a later round, or given up on
        }
      });
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      return false;
    }
  }

  /**
   * Defines the bridge classes in the bootstrap loader with {@code jdk.internal.misc.Unsafe.defineClass(.., null,
   * ..)} (JDK 9+), its package opened to the agent through {@link Instrumentation#redefineModule}: no byte-buddy, no
   * {@code sun.misc.Unsafe}, nothing appended to the boot class path. False when that is not possible here.
   */
  private static boolean defineWithInternalUnsafe(Instrumentation instrumentation) {
    try {
      Module base = Object.class.getModule();
      Module agent = BootstrapBridgeInjector.class.getModule();
      instrumentation.redefineModule(base, java.util.Set.of(), Map.of(),
          Map.of("jdk.internal.misc", java.util.Set.of(agent)), java.util.Set.of(), Map.of());
      Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
      java.lang.reflect.Method getUnsafe = unsafeType.getMethod("getUnsafe");
      Object unsafe = getUnsafe.invoke(null);
      java.lang.reflect.Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class,
          int.class, ClassLoader.class, java.security.ProtectionDomain.class);
      return defineAll((name, bytes) -> {
        try {
          define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
          return true;
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (e.getCause() instanceof LinkageError) {
            return false; // defined in a later round, or given up on
          }
          throw e;
        }
      });
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      return false;
    }
  }

  /** Defines one bridge class in the bootstrap loader; false when it must wait for another one first. */
  @FunctionalInterface
  private interface ClassDefiner {
    boolean define(String name, byte[] bytes) throws Exception;
  }

  /**
   * Defines every bridge class with {@code definer}; a class whose bridge supertype is not defined yet fails, so
   * those are retried after the others (10 rounds at most). True when all are defined, false when a class file is
   * missing or some stayed undefined.
   */
  private static boolean defineAll(ClassDefiner definer) throws Exception {
    ClassLoader loader = BootstrapBridgeInjector.class.getClassLoader();
    Map<String, byte[]> pending = new LinkedHashMap<>();
    for (String entry : bridgeEntries()) {
      try (InputStream in = loader.getResourceAsStream(entry)) {
        if (in == null) {
          return false;
        }
        pending.put(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
      }
    }
    for (int round = 0; !pending.isEmpty() && round < 10; round++) {
      for (Iterator<Map.Entry<String, byte[]>> it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, byte[]> each = it.next();
        if (definer.define(each.getKey(), each.getValue())) {
          it.remove();
        }
      }
    }
    return pending.isEmpty();
  }

  private static boolean onBootstrap() {
    try {
      Class.forName(PROBE_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void writeBridgeJar(Path jar) throws IOException {
    ClassLoader loader = BootstrapBridgeInjector.class.getClassLoader();
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      for (String entry : bridgeEntries()) {
        try (InputStream in = loader.getResourceAsStream(entry)) {
          if (in == null) {
            throw new IOException("bridge class missing from the agent: " + entry);
          }
          out.putNextEntry(new JarEntry(entry));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
  }

  /** The class files of the bridge package, from the agent's jar or classes directory. */
  static List<String> bridgeEntries() throws IOException {
    URL location = BootstrapBridgeInjector.class.getProtectionDomain().getCodeSource().getLocation();
    File source;
    try {
      source = new File(location.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the agent at " + location, e);
    }
    List<String> entries = new ArrayList<>();
    if (source.isDirectory()) {
      try (Stream<Path> files = Files.list(source.toPath().resolve(BRIDGE_PACKAGE))) {
        files.map(p -> BRIDGE_PACKAGE + p.getFileName()).filter(n -> n.endsWith(".class")).forEach(entries::add);
      }
    } else {
      try (JarFile agentJar = new JarFile(source)) {
        for (Enumeration<JarEntry> e = agentJar.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          if (name.startsWith(BRIDGE_PACKAGE) && name.endsWith(".class")
              && name.indexOf('/', BRIDGE_PACKAGE.length()) < 0) {
            entries.add(name);
          }
        }
      }
    }
    if (entries.isEmpty()) {
      throw new IOException("no bridge classes found in " + source);
    }
    return entries;
  }
}
