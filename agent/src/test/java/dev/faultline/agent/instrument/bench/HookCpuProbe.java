package dev.faultline.agent.instrument.bench;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Thread CPU time and bytes allocated per request of the client, JDBC and server hooks, two builds of the agent
 * side by side in one JVM: each build's classes in a class loader of its own (with this module's test classes,
 * whose {@code ClientHookCase}, {@code JdbcHookCase} and {@code ServerHookCase} drive the hooks through the API
 * both builds share), rounds interleaved so that machine load hits both alike; best of 5 measured rounds after 5
 * warm-up rounds, minus the same steps without the hook ({@code bare}). Bytes are exact
 * ({@code ThreadMXBean.getThreadAllocatedBytes}).
 *
 * <pre>
 * cp -r /work/main/agent/target/classes /tmp/main-classes      # the build to compare against
 * java -Djdk.attach.allowAttachSelf=true \
 *     -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.cp) \
 *     dev.faultline.agent.instrument.bench.HookCpuProbe /tmp/main-classes agent/target/classes
 * </pre>
 */
public final class HookCpuProbe {

  private static final int OPERATIONS = 200_000;

  private HookCpuProbe() {}

  /** {@code args}: the classes directory of the build before, then of the build after. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: HookCpuProbe <classes dir before> <classes dir after>");
    }
    Instrumentation instrumentation = ByteBuddyAgent.install();
    ClassLoader before = loader(args[0]);
    ClassLoader after = loader(args[1]);
    Map<String, Runnable> cases = new LinkedHashMap<>();
    ClassLoader[] builds = {before, after};
    String[] names = {"before", "after"};
    for (String hook : List.of("httpclient.ClientHookCase", "jdbc.JdbcHookCase", "httpserver.ServerHookCase")) {
      String type = "dev.faultline.agent.instrument." + hook;
      cases.put(hook + " bare", bare(builds[1], type));
      for (int b = 0; b < 2; b++) {
        cases.put(hook + " " + names[b], traced(builds[b], type, instrumentation));
      }
    }
    Map<String, ThreadCost.PerOperation> costs = ThreadCost.perOperation(cases, OPERATIONS);
    System.out.printf("%-36s %10s %10s %14s %14s%n", "case", "ns/op", "B/op", "hook ns/op", "hook B/op");
    for (String name : cases.keySet()) {
      String bare = name.substring(0, name.lastIndexOf(' ')) + " bare";
      ThreadCost.PerOperation cost = costs.get(name);
      ThreadCost.PerOperation bareCost = costs.get(bare);
      System.out.printf("%-36s %10.1f %10.1f %14.1f %14.1f%n", name, cost.nanos(), cost.bytes(),
          cost.nanos() - bareCost.nanos(), cost.bytes() - bareCost.bytes());
    }
  }

  private static Runnable bare(ClassLoader loader, String type) throws Exception {
    return (Runnable) loader.loadClass(type).getMethod("bare").invoke(null);
  }

  private static Runnable traced(ClassLoader loader, String type, Instrumentation instrumentation)
      throws Exception {
    Class<?> c = loader.loadClass(type);
    try {
      return (Runnable) c.getMethod("traced", Instrumentation.class).invoke(null, instrumentation);
    } catch (NoSuchMethodException e) {
      return (Runnable) c.getMethod("traced").invoke(null);
    }
  }

  /** The build's classes first, then this module's test classes (the cases), then the dependencies. */
  private static ClassLoader loader(String classes) throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(new File(classes).toURI().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith("agent/target/classes") && !entry.endsWith("agent/target/classes/")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }
}
