package dev.faultline.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import java.util.function.Supplier;

/**
 * Extracts the packed host-probe jars from the agent jar into a private temporary directory and creates the
 * OSHI adapter in an isolated {@link HostProbeClassLoader}.
 *
 * <p>Why not relocate OSHI like Netty: JNA finds its native dispatch library and its Java peers by their
 * original class names, which relocation breaks. Whole, unrelocated jars in a loader of their own keep JNA
 * working and still keep it away from the application's own JNA or OSHI.
 *
 * <pre>{@code
 * Supplier<Map<String, Double>> sampler = HostProbeLoader.load(FaultlineAgent.class.getClassLoader());
 * Map<String, Double> raw = sampler.get();
 * }</pre>
 */
public final class HostProbeLoader {

  /** Where the build puts the jars inside the agent jar (see agent/pom.xml). */
  static final String RESOURCE_DIR = "META-INF/faultline/hostprobe/";
  static final List<String> JARS = List.of("oshi-core.jar", "jna.jar", "jna-platform.jar", "slf4j-api.jar",
      "slf4j-nop.jar");
  static final String ADAPTER = HostProbeClassLoader.ADAPTER_PACKAGE + "OshiHostSampler";
  static final String SET_PRIORITY = HostProbeClassLoader.ADAPTER_PACKAGE + "NativeSetPriority";

  /**
   * One isolated loader per agent loader (in the agent: one), shared by the host sampler and the thread-priority
   * call, so that JNA and its native library are loaded once; jars are extracted as they are first needed.
   */
  private static final Map<ClassLoader, Shared> shared = new HashMap<>();

  /** An isolated loader, its directory and the jars extracted into it so far. */
  private record Shared(HostProbeClassLoader loader, Path dir, Set<String> jars) {}

  private HostProbeLoader() {}

  /**
   * Returns a new sampler backed by OSHI in the isolated loader (one per agent loader, see {@link #setPriority}).
   *
   * @param agentLoader the loader that holds the agent's classes and the packed jars
   * @throws Exception when a jar is missing, cannot be extracted, or OSHI/JNA fail to initialise
   */
  @SuppressWarnings("unchecked")
  public static Supplier<Map<String, Double>> load(ClassLoader agentLoader) throws Exception {
    Class<?> adapter = Class.forName(ADAPTER, true, loaderWith(agentLoader, JARS));
    return (Supplier<Map<String, Double>>) adapter.getConstructor().newInstance();
  }

  /**
   * libc's {@code setpriority(PRIO_PROCESS, tid, nice)} through JNA in the isolated loader (Linux): only JNA's jar
   * is extracted for it (~110 ms of CPU with JNA's native library on the 2-core test machine, see BENCHMARKS.md).
   *
   * @throws Exception when the jar is missing, or JNA or the symbol cannot be loaded
   */
  public static IntBinaryOperator setPriority(ClassLoader agentLoader) throws Exception {
    Class<?> call = Class.forName(SET_PRIORITY, true, loaderWith(agentLoader, List.of("jna.jar")));
    return (IntBinaryOperator) call.getConstructor().newInstance();
  }

  private static synchronized HostProbeClassLoader loaderWith(ClassLoader agentLoader, List<String> jars)
      throws IOException {
    Shared one = shared.get(agentLoader);
    if (one == null) {
      Path dir = Files.createTempDirectory("faultline-hostprobe-");
      dir.toFile().deleteOnExit();
      one = new Shared(new HostProbeClassLoader(new URL[0], agentLoader), dir, new HashSet<>());
      shared.put(agentLoader, one);
    }
    for (String jar : jars) {
      if (!one.jars().contains(jar)) {
        one.loader().addJar(extract(agentLoader, jar, one.dir()).toUri().toURL());
        one.jars().add(jar);
      }
    }
    return one.loader();
  }

  private static Path extract(ClassLoader agentLoader, String jar, Path dir) throws IOException {
    Path target = dir.resolve(jar);
    try (InputStream in = agentLoader.getResourceAsStream(RESOURCE_DIR + jar)) {
      if (in == null) {
        throw new IOException("packed jar " + RESOURCE_DIR + jar + " not found in the agent");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    // Registered after the directory, so deleted before it (deleteOnExit runs in reverse order).
    target.toFile().deleteOnExit();
    return target;
  }
}
