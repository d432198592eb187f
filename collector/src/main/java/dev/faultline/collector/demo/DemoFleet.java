package dev.faultline.collector.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * Starts the demo fleet: four services, each its own JVM with the Faultline agent attached, calling each other
 * over HTTP on 127.0.0.1, and a {@link LoadGenerator} driving the front end.
 *
 * <pre>
 * frontend -> catalog                 catalog:  8 workers, 20 ms mean wait (~400 req/s capacity)
 * frontend -> checkout -> payments    payments: 4 workers, 50 ms mean wait (~80 req/s capacity: the bottleneck)
 * </pre>
 *
 * <p>Each front-end request calls every service once, so under a ramp the payments pool saturates first and its
 * queue shows in checkout's and the front end's latency too (see {@link WorkerPool}).
 *
 * <p>Only the processes started here are stopped by {@link #close()}, each by its own handle.
 */
public final class DemoFleet implements AutoCloseable {

  private static final Logger log = Logger.getLogger("demo");

  /** Service name to its downstream services and its own work, in start order (callees first). */
  private static final Map<String, Role> TOPOLOGY = new LinkedHashMap<>();

  static {
    TOPOLOGY.put("payments", new Role(List.of(), 4, 50));
    TOPOLOGY.put("catalog", new Role(List.of(), 8, 20));
    TOPOLOGY.put("checkout", new Role(List.of("payments"), 0, 0));
    TOPOLOGY.put("frontend", new Role(List.of("catalog", "checkout"), 0, 0));
  }

  /** A service's callees and its {@link WorkerPool}: {@code workers} (0 = none) and mean wait per request. */
  private record Role(List<String> downstream, int workers, double waitMillis) {}

  /**
   * The front-end request rate at which the fleet's busiest worker pool is fully busy, from the configured pools
   * (workers x 1000 / mean wait in ms, the smallest over the services; each front-end request reaches every service
   * once): 80 req/s, set by payments. Measured per-request pool time runs a few percent over the nominal wait
   * (BENCHMARKS.md, round 5), so the real knee is a little lower.
   */
  public static double bottleneckCapacity() {
    return TOPOLOGY.values().stream().filter(r -> r.workers() > 0)
        .mapToDouble(r -> r.workers() * 1000.0 / r.waitMillis()).min().orElse(Double.POSITIVE_INFINITY);
  }

  /** Requests per second to the front end in the plain demo. */
  public static final double DEFAULT_RATE = 20;

  private final List<Process> processes = new ArrayList<>();
  private final Map<String, URI> endpoints = new LinkedHashMap<>();
  private LoadGenerator load;

  private DemoFleet() {}

  /**
   * Starts every service and the load generator.
   *
   * @param agentJar the Faultline agent jar to attach
   * @param collectorIngest host:port of the collector's ingest port
   * @param logDir where each service's stdout/stderr goes
   * @param intervalSpec the agents' reporting interval, e.g. {@code 2s}
   */
  public static DemoFleet start(Path agentJar, String collectorIngest, Path logDir, String intervalSpec) {
    return start(agentJar, collectorIngest, logDir, intervalSpec, () -> DEFAULT_RATE);
  }

  /**
   * As {@link #start(Path, String, Path, String)}, with the front end's request rate (per second) read from
   * {@code requestRate} every few milliseconds, e.g. a load ramp.
   */
  public static DemoFleet start(
      Path agentJar, String collectorIngest, Path logDir, String intervalSpec, DoubleSupplier requestRate) {
    DemoFleet fleet = new DemoFleet();
    try {
      Files.createDirectories(logDir);
      for (Map.Entry<String, Role> service : TOPOLOGY.entrySet()) {
        fleet.startService(service.getKey(), service.getValue(), agentJar, collectorIngest, logDir, intervalSpec);
      }
      fleet.load = LoadGenerator.start(fleet.endpoints.get("frontend"), requestRate);
      return fleet;
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** The base URI of each service, by name. */
  public Map<String, URI> endpoints() {
    return Map.copyOf(endpoints);
  }

  private void startService(
      String name, Role role, Path agentJar, String collectorIngest, Path logDir, String interval)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-XX:+UseSerialGC");
    command.add("-D" + WorkerPool.WORKERS_PROPERTY + "=" + role.workers());
    command.add("-D" + WorkerPool.WAIT_PROPERTY + "=" + role.waitMillis());
    command.add("-javaagent:" + agentJar + "=collector=" + collectorIngest + ",service=" + name
        + ",interval=" + interval);
    command.add("-cp");
    command.add(ownJar().toString());
    command.add(DemoService.class.getName());
    command.add(Integer.toString(port));
    for (String callee : role.downstream()) {
      command.add(endpoints.get(callee).toString());
    }
    Path logFile = logDir.resolve(name + ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
    processes.add(process);
    endpoints.put(name, URI.create("http://127.0.0.1:" + port + "/"));
    log.info("started demo service " + name + " (pid " + process.pid() + ") on 127.0.0.1:" + port
        + ", log " + logFile);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The jar (or class folder) this class was loaded from: the demo services run from it too. */
  private static Path ownJar() {
    try {
      return Path.of(DemoFleet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the collector jar", e);
    }
  }

  @Override
  public void close() {
    if (load != null) {
      load.close();
    }
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
