package dev.faultline.collector.rca.sim;

import dev.faultline.collector.rca.EdgeSeriesKey;
import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates one fault case on a {@link SimTopology}: {@value #PRE} one-minute steps before the fault, {@value #POST}
 * after. Deterministic: the same (topology, fault, root, seed) gives the same case.
 *
 * <p>Model per step: entry load with daily seasonality, an optional load ramp and multiplicative noise; request rates
 * flow down the call graph; latency is synchronous, so a caller's latency = own processing + the sum of its calls'
 * client latency (callee latency + network); errors propagate upstream, masked on some edges by retries; CPU follows
 * load; per edge, the caller's client p50 and the callee's server p50 share the callee's sampling noise (they measure
 * the same calls; the caller adds the network); percentiles come from heavy-tailed noise (occasional 2-6x tail spikes); host metrics average the services on a
 * host. Confounders: seasonality, load ramps, and an unrelated deploy blip (CPU, latency, memory reset for two steps)
 * on a random other service, sometimes inside the incident window.
 *
 * <pre>{@code
 * SimCase c = Simulator.generate(SimTopology.of("sock-shop"), FaultType.CPU_HOG, "carts", 42);
 * ScenarioWriter.write(c, dir);
 * }</pre>
 */
public final class Simulator {
  public static final int PRE = 60;
  public static final int POST = 15;
  public static final long STEP = 60;

  private Simulator() {}

  public static SimCase generate(SimTopology topo, FaultType fault, String root, long seed) {
    if (!topo.services().contains(root)) {
      throw new IllegalArgumentException("root " + root + " is not a service of " + topo.name());
    }
    return new Run(topo, fault, root, new Random(seed)).run(seed);
  }

  /** One simulation run; holds the per-service parameters drawn from the seed. */
  private static final class Run {
    final SimTopology topo;
    final FaultType fault;
    final String root;
    final Random r;
    final int n;
    final List<String> s;
    final double[] baseLat;
    final double[] cpuBase;
    final double[] memBase;
    final double[] diskBase;
    final double[] bytesPerReq;
    final double[] errBase;
    final Map<String, Boolean> masked = new TreeMap<>();
    final String blipService;
    final int blipAt;
    final int rampAt;
    final double rampSize;

    Run(SimTopology topo, FaultType fault, String root, Random r) {
      this.topo = topo;
      this.fault = fault;
      this.root = root;
      this.r = r;
      this.s = topo.services();
      this.n = s.size();
      baseLat = new double[n];
      cpuBase = new double[n];
      memBase = new double[n];
      diskBase = new double[n];
      bytesPerReq = new double[n];
      errBase = new double[n];
      for (int i = 0; i < n; i++) {
        baseLat[i] = 0.003 + 0.025 * r.nextDouble();
        cpuBase[i] = 0.1 + 0.3 * r.nextDouble();
        memBase[i] = 0.3 + 0.3 * r.nextDouble();
        diskBase[i] = 1e5 * (1 + 9 * r.nextDouble());
        bytesPerReq[i] = 2e3 * (1 + 9 * r.nextDouble());
        errBase[i] = r.nextDouble() < 0.5 ? 0 : 0.002 * r.nextDouble();
      }
      topo.calls().forEach((a, bs) -> bs.forEach(b -> masked.put(a + ">" + b, r.nextDouble() < 0.3)));
      String other;
      do {
        other = s.get(r.nextInt(n));
      } while (other.equals(root) && n > 1);
      blipService = other;
      blipAt = 10 + r.nextInt(PRE + POST - 13);
      rampAt = r.nextDouble() < 0.5 ? PRE - 20 + r.nextInt(30) : -1;
      rampSize = 0.1 + 0.25 * r.nextDouble();
    }

    SimCase run(long seed) {
      int steps = PRE + POST;
      long t0 = (1_700_000_000L + (seed % 1000) * 3600) / STEP * STEP;
      long[] ts = new long[steps];
      Map<SeriesKey, double[]> series = new TreeMap<>();
      Map<EdgeSeriesKey, double[]> edges = new TreeMap<>();
      double phase = r.nextDouble() * 2 * Math.PI;
      for (int k = 0; k < steps; k++) {
        ts[k] = t0 + k * STEP;
        step(k, ts[k], phase, series, edges, steps);
      }
      String name = String.format("sim-%s-%s-%s-%d", topo.name(), fault.label(), root, seed);
      return new SimCase(name, "sim-" + topo.name(), topo, root, fault, ts[PRE], STEP, ts, series, edges);
    }

    private void step(int k, long t, double phase, Map<SeriesKey, double[]> series,
        Map<EdgeSeriesKey, double[]> edges, int steps) {
      boolean on = k >= PRE;
      int since = k - PRE;
      double season = 1 + 0.25 * Math.sin(2 * Math.PI * (t % 86400) / 86400.0 + phase);
      double ramp = rampAt >= 0 && k >= rampAt ? 1 + rampSize * Math.min(1, (k - rampAt) / 10.0) : 1;
      double[] rate = new double[n];
      rate[0] = 50 * season * ramp * (1 + 0.03 * r.nextGaussian());
      double[] rate0 = new double[n];
      rate0[0] = 50;
      for (int i = 0; i < n; i++) {
        for (String c : topo.callees(s.get(i))) {
          int j = s.indexOf(c);
          double retry = on && fault == FaultType.PACKET_LOSS && c.equals(root) ? 1.15 : 1;
          rate[j] += rate[i] * retry;
          rate0[j] += rate0[i];
        }
      }
      double leak = on && fault == FaultType.MEMORY_LEAK ? 0.45 * (since + 1) / POST : 0;
      boolean gc = on && fault == FaultType.MEMORY_LEAK && memBase[s.indexOf(root)] + leak > 0.85;
      double[] cpu = new double[n];
      double[] mem = new double[n];
      double[] lat = new double[n];
      double[] err = new double[n];
      double[] tail = new double[n];
      double[] clientP90 = new double[n];
      boolean[] blip = new boolean[n];
      for (int i = n - 1; i >= 0; i--) {
        String name = s.get(i);
        boolean isRoot = on && name.equals(root);
        blip[i] = name.equals(blipService) && (k == blipAt || k == blipAt + 1);
        cpu[i] = cpuBase[i] * rate[i] / Math.max(1e-9, rate0[i]) + 0.02 * r.nextGaussian()
            + (isRoot && fault == FaultType.CPU_HOG ? 0.55 : 0) + (isRoot && gc ? 0.3 : 0) + (blip[i] ? 0.3 : 0);
        cpu[i] = clamp(cpu[i], 0.01, 1);
        mem[i] = clamp(memBase[i] + 0.005 * r.nextGaussian() + (isRoot ? leak : 0) - (blip[i] ? 0.2 : 0), 0.01, 0.99);
        double own = baseLat[i] * (1 + 4 * Math.max(0, cpu[i] - 0.75)) * (blip[i] ? 1.5 : 1);
        if (isRoot) {
          own = switch (fault) {
            case CPU_HOG -> own * 3;
            case DISK_IO -> own * 2.5;
            case LATENCY -> own + 0.15;
            case MEMORY_LEAK -> gc ? own * 2 : own;
            default -> own;
          };
        }
        double l = own;
        double e = errBase[i] * Math.abs(1 + 0.3 * r.nextGaussian())
            + (isRoot && fault == FaultType.ERRORS ? 0.2 : 0) + (isRoot && gc ? 0.05 : 0);
        double tl = 0;
        double cmax = 0;
        for (String c : topo.callees(name)) {
          int j = s.indexOf(c);
          boolean intoRoot = on && c.equals(root);
          double net = 0.0005 * (1 + 0.2 * r.nextGaussian() * r.nextGaussian())
              + (intoRoot && fault == FaultType.NETWORK_DELAY ? 0.15 : 0)
              + (intoRoot && fault == FaultType.PACKET_LOSS ? 0.01 : 0);
          double client = lat[j] + net;
          l += client;
          cmax = Math.max(cmax, client);
          tl = Math.max(tl, tail[j] + (intoRoot && fault == FaultType.PACKET_LOSS ? 1.0 : 0));
          e += err[j] * (masked.get(name + ">" + c) ? 0.2 : 1)
              + (intoRoot && fault == FaultType.PACKET_LOSS ? 0.01 : 0);
          // both sides measure the same calls: they share the sampling noise of the callee's latency, and the
          // caller's side adds the network time and a little noise of its own
          double served = lat[j] * noise(0.05);
          put(edges, new EdgeSeriesKey(name, c, "client_latency_p50_seconds"), k, steps,
              (served + net) * noise(0.01));
          put(edges, new EdgeSeriesKey(name, c, "latency_p50_seconds"), k, steps, served * noise(0.01));
        }
        lat[i] = l;
        err[i] = clamp(e, 0, 1);
        tail[i] = tl;
        clientP90[i] = cmax;
        emit(series, i, k, steps, rate[i], cpu[i], mem[i], isRoot);
      }
      double[] hostCpu = hostAverage(cpu);
      for (int i = 0; i < n; i++) {
        String name = s.get(i);
        put(series, new SeriesKey(name, "latency_p50_seconds"), k, steps, lat[i] * noise(0.05));
        put(series, new SeriesKey(name, "latency_p90_seconds"), k, steps, lat[i] * 1.9 * noise(0.08));
        put(series, new SeriesKey(name, "latency_p99_seconds"), k, steps, (lat[i] * 3.5 + tail[i]) * heavyTail());
        put(series, new SeriesKey(name, "error_ratio"), k, steps, err[i]);
        put(series, new SeriesKey(name, "node_cpu_usage_ratio"), k, steps, hostCpu[i]);
        if (!topo.callees(name).isEmpty()) {
          put(series, new SeriesKey(name, "client_latency_p90_seconds"), k, steps,
              (clientP90[i] * 1.9 + tail[i] * 0.3) * noise(0.08));
        }
      }
    }

    private void emit(Map<SeriesKey, double[]> series, int i, int k, int steps, double rate, double cpu, double mem,
        boolean isRoot) {
      String name = s.get(i);
      put(series, new SeriesKey(name, "request_rate"), k, steps, rate);
      put(series, new SeriesKey(name, "cpu_usage_ratio"), k, steps, cpu);
      put(series, new SeriesKey(name, "memory_usage_ratio"), k, steps, mem);
      put(series, new SeriesKey(name, "disk_write_bytes_per_second"), k, steps,
          diskBase[i] * noise(0.1) * (isRoot && fault == FaultType.DISK_IO ? 15 : 1));
      put(series, new SeriesKey(name, "network_transmit_bytes_per_second"), k, steps,
          rate * bytesPerReq[i] * noise(0.05));
    }

    private double[] hostAverage(double[] cpu) {
      Map<String, double[]> sum = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        double[] a = sum.computeIfAbsent(topo.hosts().get(s.get(i)), h -> new double[2]);
        a[0] += cpu[i];
        a[1]++;
      }
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        double[] a = sum.get(topo.hosts().get(s.get(i)));
        out[i] = a[0] / a[1] * noise(0.02);
      }
      return out;
    }

    private double noise(double sd) {
      return Math.exp(sd * r.nextGaussian());
    }

    /** Log-normal body with a 5% chance of a 2-6x tail spike. */
    private double heavyTail() {
      double x = noise(0.12);
      return r.nextDouble() < 0.05 ? x * (2 + 4 * r.nextDouble()) : x;
    }
  }

  private static <K> void put(Map<K, double[]> m, K key, int k, int steps, double v) {
    m.computeIfAbsent(key, x -> new double[steps])[k] = v;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Cases for every fault type on a shape: {@code perFault} roots each, drawn from the seed; never the entry point. */
  public static List<SimCase> suite(SimTopology topo, int perFault, long seed) {
    Random r = new Random(seed);
    List<SimCase> out = new ArrayList<>();
    for (FaultType f : FaultType.values()) {
      for (int i = 0; i < perFault; i++) {
        String root = topo.services().get(1 + r.nextInt(topo.services().size() - 1));
        out.add(generate(topo, f, root, r.nextInt(1_000_000)));
      }
    }
    return out;
  }
}
