package dev.faultline.collector.bench;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The sustained load test ({@code faultline bench --load}): an in-process collector on 127.0.0.1 (write-ahead log
 * on, as in production), {@code agents} simulated agents each sending a batch of {@code seriesPerAgent} samples
 * every {@code intervalMillis}, and query clients issuing the on-call queries all along. Measures: query latency
 * (p50/p95/p99/max, in total and per route, HdrHistogram), heap used after each GC (sampled every 5 s without forcing a GC, so the
 * sampling does not disturb latency), and, after draining, samples acknowledged to agents against samples the
 * store applied (none may be lost).
 *
 * <p>The simulated agents run in a child JVM ({@link LoadAgentsProcess}), so that their threads, heap and GC do
 * not compete inside the collector's JVM (they still share the machine's cores, as on a real host they would
 * not); the query clients run here, as light as a dashboard. Needs about two file descriptors per agent
 * ({@code ulimit -n}), in each of the two processes.
 */
public final class LoadTest {

  /** What to run. */
  public record Options(int agents, int seriesPerAgent, long intervalMillis, int seconds, int queryClients,
      boolean wal) {}

  /** What was measured. */
  public record Result(int agentsConnected, long batchesSent, long batchesAcked, long samplesAcked,
      long samplesApplied, long queries, long queryErrors, Histogram queryMillis,
      Map<String, Histogram> queryMillisByRoute, List<long[]> heapAfterGc, String rejections) {
    /** Samples acknowledged to an agent but not applied to the store. */
    public long samplesLost() {
      return Math.max(0, samplesAcked - samplesApplied);
    }
  }

  private final Options options;
  private final PrintWriter out;

  public LoadTest(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    Path dataDir = Files.createTempDirectory("faultline-load");
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).wal(options.wal()).retention(Duration.ofMinutes(1))
        .maxConnections(options.agents() + 100).build();
    try (Collector collector = Collector.start(CollectorSettings.of(config));
        LoadAgentsProcess generator = LoadAgentsProcess.start(collector.ingestAddress().getPort(),
            options.agents(), options.seriesPerAgent(), options.intervalMillis())) {
      int connected = generator.awaitConnected(options.agents());
      out.printf("load: %d agents connected, %d series each, a batch every %d ms (%,.0f samples/s), wal %s; "
          + "agents in their own JVM (pid %d)%n", connected, options.seriesPerAgent(), options.intervalMillis(),
          connected * options.seriesPerAgent() * 1000.0 / options.intervalMillis(), options.wal() ? "on" : "off",
          generator.pid());
      out.flush();

      QueryLatency latency = new QueryLatency(QUERY_ROUTES);
      AtomicLong queries = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
      List<Thread> queryThreads = new ArrayList<>();
      for (int q = 0; q < options.queryClients(); q++) {
        Thread t = new Thread(() -> queryLoop(collector, end, latency, queries, errors), "load-query-" + q);
        t.setDaemon(true);
        t.start();
        queryThreads.add(t);
      }
      List<long[]> heap = new ArrayList<>();
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(5000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        long after = heapAfterLastGc();
        heap.add(new long[] {seconds, after});
        Histogram interval = latency.interval();
        out.printf("  t=%3ds heap after GC %4d MiB, query p99 %5.1f ms (last 5 s), %,d samples applied%n",
            seconds, after >> 20, interval.getTotalCount() == 0 ? 0.0 : interval.getValueAtPercentile(99) / 1000.0,
            collector.ingestStats().samplesApplied());
        out.flush();
      }
      for (Thread t : queryThreads) {
        t.join(10_000);
      }
      latency.interval();
      long[] sentAcked = generator.stopAndCount();
      return new Result(connected, sentAcked[0], sentAcked[1], sentAcked[1] * options.seriesPerAgent(),
          collector.ingestStats().samplesApplied(), queries.get(), errors.get(), latency.total(),
          latency.totalsByRoute(), heap, collector.ingestStats().rejections().snapshot().toString());
    } finally {
      deleteQuietly(dataDir);
    }
  }

  /** The on-call queries, issued in random order; {@code /api/v1/query} gets a random agent's series appended. */
  static final List<String> QUERY_ROUTES = List.of("/healthz", "/api/v1/series?service=bench&limit=100",
      "/api/v1/services", "/api/v1/query?from=-1m&series=", "/api/v1/anomalies?limit=50");

  /** Issues the on-call queries until {@code end}, 50 ms apart. */
  private static void queryLoop(Collector collector, long end, QueryLatency latency, AtomicLong queries,
      AtomicLong errors) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + collector.queryAddress().getPort();
    while (System.nanoTime() < end) {
      String route = QUERY_ROUTES.get(ThreadLocalRandom.current().nextInt(QUERY_ROUTES.size()));
      String path = route;
      if (path.endsWith("series=")) {
        int agent = ThreadLocalRandom.current().nextInt(Math.max(1, collector.agents().sessions().size()));
        path += URLEncoder.encode("bench_value{service=\"bench\",instance=\"bench-" + agent
            + "\",host=\"bench-host\",series=\"0\"}", StandardCharsets.UTF_8);
      }
      long t = System.nanoTime();
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        latency.record(route, (System.nanoTime() - t) / 1000);
        if (r.statusCode() != 200 && r.statusCode() != 404) {
          errors.incrementAndGet();
        }
      } catch (IOException e) {
        errors.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queries.incrementAndGet();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Heap in use right after the most recent garbage collection, of any collector (no GC is forced). Collections
   * that report no heap pools (the pause beans of ZGC and Shenandoah) are skipped.
   */
  static long heapAfterLastGc() {
    java.util.Set<String> heapPools = new java.util.HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    long latestEnd = -1;
    long latestUsed = -1;
    for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean sun && sun.getLastGcInfo() != null) {
        com.sun.management.GcInfo info = sun.getLastGcInfo();
        long used = 0;
        for (var e : info.getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(e.getKey())) {
            used += e.getValue().getUsed();
          }
        }
        if (used > 0 && info.getEndTime() > latestEnd) {
          latestEnd = info.getEndTime();
          latestUsed = used;
        }
      }
    }
    return latestUsed >= 0 ? latestUsed : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Prints the summary lines (BENCHMARKS.md copies them). */
  public static void print(Result r, PrintWriter out) {
    Histogram q = r.queryMillis();
    long minHeap = r.heapAfterGc().stream().skip(r.heapAfterGc().size() / 3).mapToLong(s -> s[1]).min().orElse(0);
    long maxHeap = r.heapAfterGc().stream().skip(r.heapAfterGc().size() / 3).mapToLong(s -> s[1]).max().orElse(0);
    out.printf("queries: %,d (%d errors), latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        r.queries(), r.queryErrors(), q.getValueAtPercentile(50) / 1000.0, q.getValueAtPercentile(95) / 1000.0,
        q.getValueAtPercentile(99) / 1000.0,
        q.getMaxValue() / 1000.0);
    r.queryMillisByRoute().forEach((route, h) -> out.printf("  %-40s %,6d queries, p50 %7.1f ms, p95 %7.1f ms, "
        + "p99 %7.1f ms, max %7.1f ms%n", route, h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
    out.printf("heap after GC over the last two thirds: min %d MiB, max %d MiB (%d samples)%n", minHeap >> 20,
        maxHeap >> 20, r.heapAfterGc().size());
    out.printf("batches sent %,d, acknowledged %,d; samples acknowledged %,d, applied %,d, lost %,d; "
        + "rejections %s%n", r.batchesSent(), r.batchesAcked(), r.samplesAcked(), r.samplesApplied(),
        r.samplesLost(), r.rejections());
    out.flush();
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory; the OS cleans up eventually
    }
  }
}
