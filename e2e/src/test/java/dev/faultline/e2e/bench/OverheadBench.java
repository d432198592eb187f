package dev.faultline.e2e.bench;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.e2e.apps.BackApp;
import dev.faultline.e2e.apps.FrontApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Repo;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Overhead of the agents on a saturated two-service workload, side by side in one run: a front JVM
 * ({@link FrontApp}: JDK HttpServer calling the back over java.net.http.HttpClient) and a back JVM ({@link BackApp}:
 * JDK HttpServer querying H2 in memory over JDBC), driven by 16 concurrent connections, measured
 * <ul>
 *   <li>with no agent,</li>
 *   <li>with the Faultline agent in both JVMs, streaming to a real collector
 *       ({@code java -jar collector/target/faultline-collector.jar run}, its own process),</li>
 *   <li>with the OpenTelemetry Java agent in both JVMs, exporting traces, metrics and logs as OTLP http/protobuf to
 *       a sink in this JVM on 127.0.0.1 that reads each request and answers 200.</li>
 * </ul>
 * The three variants run interleaved (rotated order per pair), so that a change of machine load hits all of them.
 * {@code bench.variants} may also name Faultline with instrumentations switched off, e.g.
 * {@code NONE,FAULTLINE,FAULTLINE-executor,FAULTLINE-httpclient+httpserver}, to attribute its cost per library.
 * Per run: throughput, CPU per request (utime + stime of both JVMs from {@code /proc/PID/stat} over the measured
 * window), p99 latency, start-up (launch of a JVM to its first served request, mean of front and back) and peak
 * RSS ({@code VmHWM} from {@code /proc/PID/status} of each JVM, mean of front and back). Start-up is also printed
 * per JVM, wall and CPU (utime + stime until its first answer): the back's first request is the bench's own
 * {@code /items/1}, started as the back is launched; the front's is {@code /orders/1}, started as the front is
 * launched (the back is already up), so it includes the front's first HttpClient call to the back and the back's
 * second request. Printed: every run, then medians and ratios to no agent. Not part of the test suite; run after {@code mvn -pl e2e -am -DskipTests package}:
 *
 * <pre>
 * java [-Dbench.heap=256m] [-Dbench.variants=NONE,FAULTLINE,OTEL] [-Dbench.nodelay=true] [-Dbench.jfr=DIR] \
 *     [-Dbench.diagnose=true] [-Dbench.appargs='-XX:... -XX:...'] -cp e2e/target/test-classes \
 *     dev.faultline.e2e.bench.OverheadBench [pairs=3] [measure-seconds=20] [warmup-seconds=10] [warmup-requests=60000]
 * </pre>
 * The warm-up lasts the given seconds and at least the given number of requests, so that the JIT has compiled the
 * request path before the measured window (its share of the apps' CPU in that window is printed).
 * {@code bench.jfr} records each application JVM with JFR into DIR (dumped when it exits: the whole run, warm-up
 * included); {@code bench.diagnose} prints jcmd's flags, heap and native-memory summary of each at the end of its
 * run and writes its GC log to the temp directory; {@code bench.appargs} adds JVM options (space-separated) to every
 * application JVM, e.g. JIT diagnostics.
 * Every application JVM gets the same fixed, pre-touched heap ({@code -Xms} = {@code -Xmx} = {@code bench.heap},
 * default 256m, {@code -XX:+AlwaysPreTouch}), so that peak RSS compares what the agents add outside the heap, not how
 * far G1 grew or shrank each run's heap; what they keep on the heap is reported as the live heap after a full GC
 * ({@code jcmd GC.run}, after the RSS is read). Both apps serve on 16 threads with TCP_NODELAY
 * ({@code -Dsun.net.httpserver.nodelay=true}), so the workload is bound by CPU, not by delayed ACKs. Each run also
 * reports the cores used by the apps, by this JVM (load generator and sink) and by the whole machine, and the time
 * the apps' threads waited for a CPU.
 */
public final class OverheadBench {

  enum Agent { NONE, FAULTLINE, OTEL }

  /**
   * What one run attaches: an agent, and for Faultline the instrumentations switched off, written
   * {@code FAULTLINE-executor+jdbc} in {@code bench.variants} (passed as the agent's {@code instrumentation.disabled}),
   * so that the cost of each instrumentation can be measured against the others in one interleaved run.
   */
  record Variant(Agent agent, String disabled) {
    static Variant parse(String spec) {
      int dash = spec.indexOf('-');
      Agent agent = Agent.valueOf(dash < 0 ? spec : spec.substring(0, dash));
      String disabled = dash < 0 ? "" : spec.substring(dash + 1).replace('+', ',');
      if (!disabled.isEmpty() && agent != Agent.FAULTLINE) {
        throw new IllegalArgumentException("only FAULTLINE takes switched-off instrumentations: " + spec);
      }
      return new Variant(agent, disabled);
    }

    @Override
    public String toString() {
      return disabled.isEmpty() ? agent.name() : agent + "-" + disabled.replace(',', '+');
    }
  }

  private static final int CONNECTIONS = 16;
  static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

  /**
   * One run. {@code appCores}: CPU of front + back over the measured window, in cores; {@code benchCores}: this JVM
   * (the load generator and the OTLP sink); {@code machineCores}: every process on the machine ({@code /proc/stat}),
   * which shows whether the 2 cores were saturated and how much other work shared them. {@code jitShare}: the part
   * of the apps' CPU spent in JIT compiler threads, which shows whether the warm-up was long enough.
   * {@code appWaitCores}: time the apps' threads spent runnable but waiting for a CPU ({@code /proc/PID/task/TID/
   * schedstat}), in cores: CPU the apps wanted and did not get, so a workload that is CPU-bound (not waiting on the
   * network, a lock or a sleep) shows it well above zero on a busy machine.
   */
  record Result(Variant variant, double rps, double cpuMicrosPerRequest, double jitShare, double p99Millis,
      double startupMillis, double frontStartupMillis, double backStartupMillis, double frontStartupCpuMillis,
      double backStartupCpuMillis,
      double rssMiB, double frontRssMiB, double backRssMiB, double liveHeapMiB, double appCores, double benchCores,
      double machineCores, double appWaitCores, long failures) {}

  /** JVMs still running, ended by a shutdown hook when the bench is interrupted (Ctrl-C) so none is left behind. */
  private static final java.util.Set<Jvm> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(jvm -> {
      try {
        jvm.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })));
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    // Warm-up ends after this many requests too: C2 compiles a method after ~10 000 calls, so a warm-up counted in
    // seconds alone leaves the JIT compiling inside the measured window whenever the machine is slow.
    long warmupRequests = args.length > 3 ? Long.parseLong(args[3]) : 60_000;
    Path work = Files.createTempDirectory("faultline-overhead-bench");
    HttpServer sink = otlpSink();
    int ingestPort = Ports.free();
    List<Result> results = new ArrayList<>();
    try (Jvm collector = track(Jvm.start(Jvm.currentJavaHome(), List.of("-jar", Repo.collectorJar().toString(), "run",
        "--ingest-address", "127.0.0.1:" + ingestPort, "--query-address", "127.0.0.1:" + Ports.free(),
        "--data-dir", work.resolve("collector-data").toString(), "--log-level", "warn")))) {
      Ports.awaitListening(ingestPort, Duration.ofSeconds(60), collector);
      System.out.printf("pairs %d, %d s measured after a warm-up of %d s and %d requests, %d connections,"
              + " collector pid %d, sink :%d%n", pairs, measureSeconds, warmupSeconds, warmupRequests, CONNECTIONS,
          collector.pid(), sink.getAddress().getPort());
      Variant[] variants = Arrays.stream(System.getProperty("bench.variants", "NONE,FAULTLINE,OTEL").split(","))
          .map(String::trim).map(Variant::parse).toArray(Variant[]::new);
      for (int pair = 0; pair < pairs; pair++) {
        for (int k = 0; k < variants.length; k++) {
          Variant v = variants[(pair + k) % variants.length];
          Result r = runOnce(v, ingestPort, sink.getAddress().getPort(), warmupSeconds, warmupRequests,
              measureSeconds);
          results.add(r);
          System.out.printf(Locale.ROOT, "pair %d %-9s %8.0f req/s %8.0f us CPU/req (JIT %2.0f %%, %4.0f us excl. JIT)"
                  + " %7.2f ms p99"
                  + " %6.0f ms start (front %.0f, back %.0f; CPU front %.0f, back %.0f)"
                  + " %6.0f MiB RSS (front %.0f, back %.0f) %5.1f MiB live heap, cores: apps %.2f bench %.2f"
                  + " machine %.2f, apps waiting for a CPU %.2f, load %s, %d failed%n", pair + 1, v, r.rps(),
              r.cpuMicrosPerRequest(), 100 * r.jitShare(), r.cpuMicrosPerRequest() * (1 - r.jitShare()), r.p99Millis(), r.startupMillis(), r.frontStartupMillis(), r.backStartupMillis(),
              r.frontStartupCpuMillis(), r.backStartupCpuMillis(), r.rssMiB(),
              r.frontRssMiB(), r.backRssMiB(), r.liveHeapMiB(), r.appCores(), r.benchCores(), r.machineCores(),
              r.appWaitCores(), loadAverage(), r.failures());
        }
      }
    } finally {
      sink.stop(0);
    }
    report(results);
  }

  private static Result runOnce(Variant variant, int ingestPort, int sinkPort, int warmupSeconds,
      long warmupRequests, int measureSeconds) throws Exception {
    String h2 = Repo.root().resolve("e2e/target/testapp-h2/h2.jar").toString();
    long backLaunch = System.nanoTime();
    try (Jvm back = start(variant, "bench-back", ingestPort, sinkPort,
        List.of("-cp", Repo.testClasses() + File.pathSeparator + h2, BackApp.class.getName()))) {
      int backPort = Ports.awaitReady(back, Duration.ofSeconds(120));
      HttpClient probe = HttpClient.newHttpClient();
      awaitServed(probe, "http://127.0.0.1:" + backPort + "/items/1");
      double backStartup = (System.nanoTime() - backLaunch) / 1e6;
      double backStartupCpu = cpuTicks(back.pid()) * TICK_NANOS / 1e6;
      long frontLaunch = System.nanoTime();
      try (Jvm front = start(variant, "bench-front", ingestPort, sinkPort,
          List.of("-cp", Repo.testClasses().toString(), FrontApp.class.getName(), String.valueOf(backPort)))) {
        int frontPort = Ports.awaitReady(front, Duration.ofSeconds(120));
        awaitServed(probe, "http://127.0.0.1:" + frontPort + "/orders/1");
        double frontStartup = (System.nanoTime() - frontLaunch) / 1e6;
        double frontStartupCpu = cpuTicks(front.pid()) * TICK_NANOS / 1e6;
        Load load = new Load("http://127.0.0.1:" + frontPort + "/orders/");
        load.start();
        Thread.sleep(warmupSeconds * 1000L);
        while (load.completed() < warmupRequests) {
          Thread.sleep(100);
        }
        boolean diagnose = Boolean.getBoolean("bench.diagnose");
        Map<String, Long> threads0 = threadTicks(front.pid(), back.pid());
        long self = ProcessHandle.current().pid();
        long cpu0 = cpuTicks(front.pid()) + cpuTicks(back.pid());
        long bench0 = cpuTicks(self);
        long machine0 = machineBusyTicks();
        long wait0 = runQueueWaitNanos(front.pid(), back.pid());
        load.measuring(true);
        long t0 = System.nanoTime();
        Thread.sleep(measureSeconds * 1000L);
        load.measuring(false);
        long elapsed = System.nanoTime() - t0;
        long cpu1 = cpuTicks(front.pid()) + cpuTicks(back.pid());
        long bench1 = cpuTicks(self);
        long machine1 = machineBusyTicks();
        long wait1 = runQueueWaitNanos(front.pid(), back.pid());
        Map<String, Long> threads1 = threadTicks(front.pid(), back.pid());
        if (diagnose) {
          printThreadCpu(variant, threads0, threads1, (cpu1 - cpu0), load.count());
        }
        long jitTicks = compilerTicks(threads1) - compilerTicks(threads0);
        load.stop();
        long requests = load.count();
        if (diagnose) {
          diagnose(variant, "front", front.pid());
          diagnose(variant, "back", back.pid());
        }
        double frontRss = peakRssKiB(front.pid()) / 1024.0;
        double backRss = peakRssKiB(back.pid()) / 1024.0;
        double liveHeap = (liveHeapKiB(front.pid()) + liveHeapKiB(back.pid())) / 2.0 / 1024.0;
        double ticksPerCore = elapsed / (double) TICK_NANOS;
        return new Result(variant, requests / (elapsed / 1e9),
            requests == 0 ? Double.NaN : (cpu1 - cpu0) * TICK_NANOS / 1e3 / requests,
            jitTicks / (double) Math.max(1, cpu1 - cpu0), load.p99Millis(),
            (frontStartup + backStartup) / 2, frontStartup, backStartup, frontStartupCpu, backStartupCpu,
            (frontRss + backRss) / 2, frontRss, backRss, liveHeap,
            (cpu1 - cpu0) / ticksPerCore, (bench1 - bench0) / ticksPerCore, (machine1 - machine0) / ticksPerCore,
            (wait1 - wait0) / (double) elapsed, load.failures());
      }
    }
  }

  private static Jvm start(Variant variant, String service, int ingestPort, int sinkPort, List<String> app)
      throws IOException {
    List<String> args = new ArrayList<>();
    Map<String, String> env = Map.of();
    switch (variant.agent()) {
      case NONE -> { }
      case FAULTLINE -> args.add("-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + ingestPort
          + ",service=" + service
          + (variant.disabled().isEmpty() ? "" : ",instrumentation.disabled=" + variant.disabled()));
      case OTEL -> {
        args.add("-javaagent:" + Repo.otelAgentJar());
        env = Map.of("OTEL_SERVICE_NAME", service, "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + sinkPort);
      }
    }
    args.add("-Dapp.threads=" + CONNECTIONS);
    // Without TCP_NODELAY the JDK HttpServer's response (headers, then body: two writes) waits on the client's
    // delayed ACK: ~40 ms per hop, which made every request wait instead of compute (Nagle + delayed ACK).
    // -Dbench.nodelay=false brings the old, delay-bound workload back, for comparison.
    args.add("-Dsun.net.httpserver.nodelay=" + System.getProperty("bench.nodelay", "true"));
    // The same heap for every variant, committed and touched at launch, so that peak RSS compares what the agents
    // add (metaspace, code, threads, native buffers) and not G1's sizing. With only -Xmx, the agents' classes push
    // metaspace past its first GC threshold (~21 MB), the concurrent cycle that follows shrinks the heap at Remark
    // (256 -> 50-80 MB), and the agent JVMs ended with a smaller peak RSS than the no-agent ones (-75 MiB), whose
    // heap never shrank. What the agents keep on the heap is measured apart: the live heap after a full GC.
    String heap = System.getProperty("bench.heap", "256m");
    args.add("-Xms" + heap);
    args.add("-Xmx" + heap);
    args.add("-XX:+AlwaysPreTouch");
    String jfr = System.getProperty("bench.jfr"); // a directory: profile each app JVM (JFR "profile" settings)
    if (jfr != null) {
      args.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath()
          .resolve(variant + "-" + service + "-" + System.nanoTime() + ".jfr"));
    }
    if (Boolean.getBoolean("bench.diagnose")) {
      args.add("-XX:NativeMemoryTracking=summary");
      args.add("-Xlog:gc:file=" + System.getProperty("java.io.tmpdir") + "/overhead-bench-" + variant + "-" + service
          + "-gc.log");
    }
    String extra = System.getProperty("bench.appargs", "").trim();
    if (!extra.isEmpty()) {
      args.addAll(Arrays.asList(extra.split("\\s+")));
    }
    args.addAll(app);
    return track(Jvm.start(Jvm.currentJavaHome(), args, env));
  }

  private static Jvm track(Jvm jvm) {
    LIVE.removeIf(j -> !j.isAlive());
    LIVE.add(jvm);
    return jvm;
  }

  /** 16 threads, each one request at a time over a shared keep-alive HTTP/1.1 client. */
  private static final class Load {
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean measuring;
    private final AtomicLong failures = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder completed = new java.util.concurrent.atomic.LongAdder();
    private final List<Thread> threads = new ArrayList<>();
    private final long[][] latencies = new long[CONNECTIONS][];
    private final int[] counts = new int[CONNECTIONS];

    Load(String base) {
      this.base = base;
    }

    void start() {
      for (int t = 0; t < CONNECTIONS; t++) {
        int slot = t;
        latencies[slot] = new long[1 << 16];
        Thread thread = new Thread(() -> loop(slot), "bench-load-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    private void loop(int slot) {
      for (int i = slot; running.get(); i += CONNECTIONS) {
        long t0 = System.nanoTime();
        try {
          HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + (i % 1000 + 1)))
              .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() != 200 && r.statusCode() != 500) { // BackApp answers 500 for every fourth id
            failures.incrementAndGet();
          }
        } catch (IOException e) {
          failures.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        }
        completed.increment();
        if (measuring) {
          if (counts[slot] == latencies[slot].length) {
            latencies[slot] = Arrays.copyOf(latencies[slot], counts[slot] * 2);
          }
          latencies[slot][counts[slot]++] = System.nanoTime() - t0;
        }
      }
    }

    void measuring(boolean on) {
      measuring = on;
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(35_000);
      }
    }

    long count() {
      long n = 0;
      for (int c : counts) {
        n += c;
      }
      return n;
    }

    long failures() {
      return failures.get();
    }

    /** Requests answered since the start, warm-up included. */
    long completed() {
      return completed.sum();
    }

    double p99Millis() {
      long[] all = new long[(int) count()];
      int at = 0;
      for (int t = 0; t < CONNECTIONS; t++) {
        System.arraycopy(latencies[t], 0, all, at, counts[t]);
        at += counts[t];
      }
      if (all.length == 0) {
        return Double.NaN;
      }
      Arrays.sort(all);
      return all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;
    }
  }

  private static void report(List<Result> results) {
    Map<Variant, double[]> medians = new java.util.LinkedHashMap<>();
    for (Variant v : results.stream().map(Result::variant).distinct().toList()) {
      List<Result> rs = results.stream().filter(r -> r.variant().equals(v)).toList();
      medians.put(v, new double[] {
          median(rs.stream().mapToDouble(Result::rps).toArray()),
          median(rs.stream().mapToDouble(Result::cpuMicrosPerRequest).toArray()),
          median(rs.stream().mapToDouble(Result::p99Millis).toArray()),
          median(rs.stream().mapToDouble(Result::startupMillis).toArray()),
          median(rs.stream().mapToDouble(Result::rssMiB).toArray()),
          median(rs.stream().mapToDouble(Result::liveHeapMiB).toArray()),
          median(rs.stream().mapToDouble(Result::appCores).toArray()),
          median(rs.stream().mapToDouble(Result::machineCores).toArray()),
          median(rs.stream().mapToDouble(Result::jitShare).toArray()),
          median(rs.stream().mapToDouble(r -> r.cpuMicrosPerRequest() * (1 - r.jitShare())).toArray()),
          median(rs.stream().mapToDouble(Result::frontStartupMillis).toArray()),
          median(rs.stream().mapToDouble(Result::backStartupMillis).toArray()),
          median(rs.stream().mapToDouble(Result::frontStartupCpuMillis).toArray()),
          median(rs.stream().mapToDouble(Result::backStartupCpuMillis).toArray())});
    }
    double[] none = medians.entrySet().stream().filter(e -> e.getKey().agent() == Agent.NONE)
        .map(Map.Entry::getValue).findFirst().orElse(medians.values().iterator().next());
    System.out.println();
    System.out.println("| variant | throughput req/s | CPU us/req | p99 ms | start-up ms | peak RSS MiB/JVM |"
        + " throughput ratio | CPU/req ratio | p99 ratio | start-up delta ms | RSS delta MiB | live heap MiB/JVM |"
        + " app cores | machine cores | JIT share | CPU us/req excl. JIT | its ratio |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Variant v : medians.keySet()) {
      double[] m = medians.get(v);
      System.out.printf(Locale.ROOT,
          "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f | %+.0f | %+.0f | %.1f | %.2f | %.2f | %.0f %%"
              + " | %.0f | %.2f |%n",
          v, m[0], m[1], m[2], m[3], m[4], m[0] / none[0], m[1] / none[1], m[2] / none[2], m[3] - none[3],
          m[4] - none[4], m[5], m[6], m[7], 100 * m[8], m[9], m[9] / none[9]);
    }
    // The start-up column above is the mean of the two JVMs; each one's median and delta, wall and CPU.
    System.out.println();
    System.out.println("| variant | front start-up ms | delta | back start-up ms | delta | front CPU to first answer ms |"
        + " delta | back CPU to first answer ms | delta |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Variant v : medians.keySet()) {
      double[] m = medians.get(v);
      System.out.printf(Locale.ROOT, "| %s | %.0f | %+.0f | %.0f | %+.0f | %.0f | %+.0f | %.0f | %+.0f |%n", v,
          m[10], m[10] - none[10], m[11], m[11] - none[11], m[12], m[12] - none[12], m[13], m[13] - none[13]);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** utime + stime of a process in clock ticks: fields 14 and 15 of /proc/PID/stat, counted after "comm)". */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * Busy clock ticks of the whole machine, summed over its CPUs: user, nice, system, irq and softirq from the first
   * line of /proc/stat (not idle, iowait or steal; guest time is already inside user).
   */
  static long machineBusyTicks() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
    String[] f = cpu.trim().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7}) {
      busy += Long.parseLong(f[i]);
    }
    return busy;
  }

  /** Nanoseconds the threads of the given processes spent runnable but not running: field 2 of each task's schedstat. */
  static long runQueueWaitNanos(long... pids) throws IOException {
    long wait = 0;
    for (long pid : pids) {
      try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            wait += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]);
          } catch (IOException e) {
            // The thread ended between listing and reading.
          }
        }
      }
    }
    return wait;
  }

  /**
   * CPU ticks per thread group of the given JVMs, keyed by "front:" or "back:" (in argument order) and the thread's
   * name without trailing digits ({@code /proc/PID/task/TID/comm}, which Linux cuts at 15 characters).
   */
  static Map<String, Long> threadTicks(long... pids) throws IOException {
    Map<String, Long> ticks = new java.util.TreeMap<>();
    String[] roles = {"front", "back"};
    for (int i = 0; i < pids.length; i++) {
      try (var tasks = Files.list(Path.of("/proc", String.valueOf(pids[i]), "task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            String comm = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9#]+$", "");
            String stat = Files.readString(task.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks.merge(roles[i % 2] + ":" + comm, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
          } catch (IOException e) {
            // The thread ended between listing and reading: its ticks are gone from both snapshots' sums.
          }
        }
      }
    }
    return ticks;
  }

  /** Ticks of the JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre") in a {@link #threadTicks} map. */
  static long compilerTicks(Map<String, Long> threadTicks) {
    return threadTicks.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static void printThreadCpu(Variant variant, Map<String, Long> before, Map<String, Long> after,
      long totalTicks, long requests) {
    System.out.printf("--- %s CPU per thread group over the measured window (us/request, share)%n", variant);
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "  %-28s %7.0f us/req %5.1f %%%n", e.getKey(),
            e.getValue() * TICK_NANOS / 1e3 / Math.max(1, requests), 100.0 * e.getValue() / Math.max(1, totalTicks)));
  }

  /** The heap a JVM still uses after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}), in KiB. */
  static long liveHeapKiB(long pid) throws Exception {
    jcmd(pid, "GC.run");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("heap\\s+total \\d+K, used (\\d+)K")
        .matcher(jcmd(pid, "GC.heap_info"));
    if (!m.find()) {
      throw new IOException("no heap usage in jcmd " + pid + " GC.heap_info");
    }
    return Long.parseLong(m.group(1));
  }

  private static String jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Jvm.currentJavaHome().resolve("bin/jcmd").toString(),
        String.valueOf(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** With -Dbench.diagnose=true: what jcmd says of a JVM's flags, heap and native memory, to explain its RSS. */
  private static void diagnose(Variant variant, String name, long pid) throws Exception {
    for (String command : List.of("VM.flags", "GC.heap_info", "VM.native_memory summary")) {
      System.out.printf("--- %s %s %s%n%s%n", variant, name, command, jcmd(pid, command.split(" ")));
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** VmHWM of a process in KiB, from /proc/PID/status. */
  static long peakRssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmHWM in /proc/" + pid + "/status");
  }

  /** An OTLP/HTTP sink: reads each export request fully and answers 200 with an empty (valid) protobuf body. */
  private static HttpServer otlpSink() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(OutputStreamSink.INSTANCE);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> { // daemon threads: the bench exits after its report
      Thread t = new Thread(r, "otlp-sink");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server;
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  private static void awaitServed(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      try {
        client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

}
