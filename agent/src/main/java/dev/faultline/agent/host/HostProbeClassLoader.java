package dev.faultline.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The isolated loader of the host probe: the extracted OSHI, JNA and SLF4J jars, with the platform class loader
 * as parent, so neither the application's classes nor the agent's relocated libraries are visible, and the
 * application never sees OSHI or JNA. Classes of the adapter package are defined here from the agent's own class
 * files (child-first), so that they link against this loader's OSHI.
 */
final class HostProbeClassLoader extends URLClassLoader {

  static final String ADAPTER_PACKAGE = "dev.faultline.agent.host.oshi.";

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final ClassLoader agentLoader;

  HostProbeClassLoader(URL[] jars, ClassLoader agentLoader) {
    super("faultline-hostprobe", jars, ClassLoader.getPlatformClassLoader());
    this.agentLoader = agentLoader;
  }

  /** Adds an extracted jar (the host probe's jars are extracted only when first needed). */
  void addJar(URL jar) {
    addURL(jar);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (!name.startsWith(ADAPTER_PACKAGE)) {
      return super.findClass(name);
    }
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in = agentLoader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }
}
