package dev.faultline.e2e.bench;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.e2e.apps.BackApp;
import dev.faultline.e2e.apps.FrontApp;
import dev.faultline.e2e.apps.SteadyApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Repo;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up cost of the agent alone: wall time from launching {@code java} to the first answered request, for
 * {@code SteadyApp} (JDK HttpServer), {@code BackApp} (JDK HttpServer + H2 over JDBC) and {@code FrontApp} (JDK
 * HttpServer whose first request makes the JVM's first java.net.http.HttpClient call, to a stub back in this JVM,
 * as the front service of {@code OverheadBench} does), without the agent and with
 * it in several configurations, runs interleaved (one of each variant per round), medians and deltas to no agent.
 * Not part of the test suite. A real collector runs as its own process, so the agent connects as in production.
 *
 * <pre>
 * mvn -q -o -pl e2e -am -DskipTests package
 * java [-Dbench.baselineAgent=other-agent.jar] -cp e2e/target/test-classes dev.faultline.e2e.bench.StartupBench \
 *     [rounds=7] [app=both|steady|back|front|all]   (both = steady and back)
 * </pre>
 *
 * <p>{@code bench.baselineAgent} adds a variant with another build of the agent jar (defaults), to compare two
 * versions side by side in one run; several jars, comma-separated, add one variant each ({@code baseline 1 ...}). {@code bench.variants} (comma-separated name prefixes, e.g.
 * {@code agent (,baseline,agent instrumentation}) keeps only those variants besides {@code none}, for shorter runs.
 * {@code bench.firstRequestDelayMs} delays the first request after READY (see {@link #FIRST_REQUEST_DELAY_MILLIS}).
 */
public final class StartupBench {

  /**
   * {@code bench.firstRequestDelayMs}: a pause between READY and the first request (default 0), so that the agent
   * has installed before it: then the application threads' CPU column shows what the first request itself costs
   * with the agent, and the wall column means nothing (it includes the pause).
   */
  private static final long FIRST_REQUEST_DELAY_MILLIS = Long.getLong("bench.firstRequestDelayMs", 0);

  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String apps = args.length > 1 ? args[1] : "both";
    int ingestPort = Ports.free();
    Path dataDir = Files.createTempDirectory("faultline-startup-bench");
    HttpServer stubBack = stubBack();
    try (Jvm collector = Jvm.start(Jvm.currentJavaHome(), List.of("-jar", Repo.collectorJar().toString(), "run",
        "--ingest-address", "127.0.0.1:" + ingestPort, "--query-address", "127.0.0.1:" + Ports.free(),
        "--data-dir", dataDir.toString(), "--log-level", "warn"))) {
      Ports.awaitListening(ingestPort, Duration.ofSeconds(60), collector);
      // A copy: a rebuild of the agent while the bench runs must not change the jar under it.
      Path agentJar = Files.copy(Repo.agentJar(), dataDir.resolve("faultline-agent.jar"));
      String agent = "-javaagent:" + agentJar + "=collector=127.0.0.1:" + ingestPort + ",service=startup";
      Map<String, List<String>> variants = new LinkedHashMap<>();
      variants.put("none", List.of());
      variants.put("agent (defaults)", List.of(agent));
      String baselines = System.getProperty("bench.baselineAgent");
      if (baselines != null) {
        String[] jars = baselines.split(",");
        for (int i = 0; i < jars.length; i++) {
          variants.put("baseline " + (jars.length == 1 ? "" : (i + 1) + " ") + "agent (defaults)",
              List.of("-javaagent:" + jars[i] + "=collector=127.0.0.1:" + ingestPort + ",service=startup"));
        }
      }
      variants.put("agent host-metrics=false", List.of(agent + ",host-metrics=false"));
      variants.put("agent instrumentation=false", List.of(agent + ",instrumentation=false"));
      variants.put("agent enabled=false", List.of(agent + ",enabled=false"));
      // bench.agentJvmOptions: more variants of the agent (defaults) with extra JVM options, one variant per
      // option set, sets separated by '|', options by spaces, e.g. "-Xshare:off|-XX:TieredStopAtLevel=1".
      String extra = System.getProperty("bench.agentJvmOptions");
      if (extra != null) {
        for (String set : extra.split("\\|")) {
          List<String> options = new ArrayList<>(Arrays.asList(set.trim().split("\\s+")));
          options.add(agent);
          variants.put("agent + " + set.trim(), options);
          variants.put("none + " + set.trim(), Arrays.asList(set.trim().split("\\s+")));
        }
      }
      String only = System.getProperty("bench.variants");
      if (only != null) {
        List<String> kept = Arrays.asList(only.split(","));
        variants.keySet().removeIf(v -> !v.equals("none") && kept.stream().noneMatch(v::startsWith));
      }
      String h2 = Repo.root().resolve("e2e/target/testapp-h2/h2.jar").toString();
      Map<String, List<String>> appCommands = new LinkedHashMap<>();
      if (apps.equals("both") || apps.equals("all") || apps.equals("steady")) {
        appCommands.put("steady", List.of("-cp", Repo.testClasses().toString(), SteadyApp.class.getName()));
      }
      if (apps.equals("both") || apps.equals("all") || apps.equals("back")) {
        appCommands.put("back", List.of("-cp", Repo.testClasses() + File.pathSeparator + h2,
            BackApp.class.getName()));
      }
      if (apps.equals("front") || apps.equals("all")) {
        appCommands.put("front", List.of("-cp", Repo.testClasses().toString(), FrontApp.class.getName(),
            String.valueOf(stubBack.getAddress().getPort())));
      }
      for (Map.Entry<String, List<String>> app : appCommands.entrySet()) {
        String path = switch (app.getKey()) {
          case "back" -> "/items/1";
          case "front" -> "/orders/1";
          default -> "/";
        };
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        Map<String, double[]> appCpu = new LinkedHashMap<>();
        variants.keySet().forEach(v -> times.put(v, new double[rounds]));
        variants.keySet().forEach(v -> cpu.put(v, new double[rounds]));
        variants.keySet().forEach(v -> appCpu.put(v, new double[rounds]));
        timeToFirstRequest(app.getValue(), List.of(), path); // warms the file cache
        for (int round = 0; round < rounds; round++) {
          List<String> order = new ArrayList<>(variants.keySet());
          java.util.Collections.rotate(order, round);
          for (String v : order) {
            double[] wallAndCpu = timeToFirstRequest(app.getValue(), variants.get(v), path);
            times.get(v)[round] = wallAndCpu[0];
            cpu.get(v)[round] = wallAndCpu[1];
            appCpu.get(v)[round] = wallAndCpu[2];
          }
        }
        report(app.getKey(), rounds, times, cpu, appCpu);
      }
    } finally {
      stubBack.stop(0);
    }
  }

  /**
   * The back service of the front app, in this JVM: answers every request 200 at once, so that the front's time to
   * its first answer is its own start-up plus its first HttpClient call, not another JVM's start-up.
   */
  private static HttpServer stubBack() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "item\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private static void report(String app, int rounds, Map<String, double[]> times, Map<String, double[]> cpu,
      Map<String, double[]> appCpu) throws IOException {
    System.out.printf(Locale.ROOT, "%n%s, %d rounds, load average at the end %s%n", app, rounds,
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println("| variant | wall median ms | wall delta ms | CPU median ms | CPU delta ms |"
        + " application threads' CPU ms | delta | wall runs ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
    double none = median(times.get("none"));
    double noneCpu = median(cpu.get("none"));
    double noneAppCpu = median(appCpu.get("none"));
    for (Map.Entry<String, double[]> e : times.entrySet()) {
      double m = median(e.getValue());
      double c = median(cpu.get(e.getKey()));
      double a = median(appCpu.get(e.getKey()));
      System.out.printf(Locale.ROOT, "| %s | %.0f | %+.0f | %.0f | %+.0f | %.0f | %+.0f | %s |%n", e.getKey(), m,
          m - none, c, c - noneCpu, a, a - noneAppCpu,
          Arrays.toString(Arrays.stream(e.getValue()).mapToLong(Math::round).toArray()));
    }
  }

  /**
   * Launches the app, waits for READY, then for its first answered request; returns the wall time in ms, the CPU
   * time (user + system, all threads) the JVM had used by then, which depends less on the machine's load, and the
   * part of it on the application's own threads ({@link #applicationThread}): what the agent adds there is work put
   * on the application's path, the rest (its start-up thread, the JIT) competes with it only for the CPUs.
   */
  private static double[] timeToFirstRequest(List<String> app, List<String> agentArgs, String path) throws Exception {
    List<String> args = new ArrayList<>(agentArgs);
    args.addAll(app);
    long start = System.nanoTime();
    try (Jvm jvm = Jvm.start(Jvm.currentJavaHome(), args)) {
      int port = Ports.awaitReady(jvm, Duration.ofSeconds(60));
      Thread.sleep(FIRST_REQUEST_DELAY_MILLIS);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
      double elapsed = (System.nanoTime() - start) / 1e6;
      double cpuMillis = OverheadBench.cpuTicks(jvm.pid()) * OverheadBench.TICK_NANOS / 1e6;
      double appCpuMillis = OverheadBench.threadTicks(jvm.pid()).entrySet().stream()
          .filter(e -> applicationThread(e.getKey().substring(e.getKey().indexOf(':') + 1)))
          .mapToLong(Map.Entry::getValue).sum() * OverheadBench.TICK_NANOS / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("status " + r.statusCode());
      }
      return new double[] {elapsed, cpuMillis, appCpuMillis};
    }
  }

  /** JVM-internal threads (JIT, GC, VM) and the agent's (faultline-...), by /proc comm name without digits. */
  private static final List<String> NOT_APPLICATION = List.of("C1 CompilerThre", "C2 CompilerThre", "GC Thread",
      "G1 ", "VM ", "Signal Dispatch", "Finalizer", "Reference Handl", "Service Thread", "Monitor Deflati",
      "Common-Cleaner", "Notification Th", "Attach Listener", "Sweeper thread", "faultline");

  /** Whether a thread (its comm name) is the application's: main ("java"), its server and client threads. */
  static boolean applicationThread(String comm) {
    return NOT_APPLICATION.stream().noneMatch(comm::startsWith);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

}
