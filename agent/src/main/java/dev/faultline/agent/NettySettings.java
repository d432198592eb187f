package dev.faultline.agent;

import io.netty.channel.Channel;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

/**
 * Settings for the bundled (relocated) Netty, applied before any of its classes initialise.
 *
 * <p>Relocation renames Netty's system properties too: the shaded copy reads
 * {@code dev.faultline.agent.shaded.io.netty.noUnsafe}, not {@code io.netty.noUnsafe}. The prefix is taken from a
 * Netty class at run time (loading an interface does not initialise Netty), so the same code is right shaded and
 * unshaded, and the application's own Netty settings are never touched.
 */
final class NettySettings {

  private NettySettings() {}

  static void apply() {
    String prefix = nettyPackagePrefix();
    // Without this, on JDK 24+ Netty's use of sun.misc.Unsafe prints a deprecation warning to the
    // application's stderr. The agent's traffic is tiny; heap buffers without Unsafe are plenty.
    setIfAbsent(prefix + ".noUnsafe", "true");
    setIfAbsent(prefix + ".noPreferDirect", "true");
    // Netty would otherwise pick up the application's SLF4J or Log4j and log into the application's logs.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }

  /** "io.netty" unshaded, "dev.faultline.agent.shaded.io.netty" in the agent jar. */
  static String nettyPackagePrefix() {
    String pkg = Channel.class.getPackageName();
    return pkg.substring(0, pkg.length() - ".channel".length());
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
