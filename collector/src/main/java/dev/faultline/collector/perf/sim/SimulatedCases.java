package dev.faultline.collector.perf.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard benchmark cases: twelve simulated services, two per true bottleneck (CPU, connection pool, worker
 * threads, GC/heap, callee) with different pool sizes, loads and seeds, and two with a close runner-up resource.
 * In each, the bottleneck resource runs at about 60% utilisation at the training maximum, so at 1.5 times that
 * load it is near 90% while the others stay below about 75%.
 */
public final class SimulatedCases {

  private SimulatedCases() {}

  /** The standard cases with resources that also move on their own ({@link DisturbanceProcess}). */
  public static List<SimulatedCase> disturbed() {
    return standard().stream().map(c -> c.withDisturbances(true)).toList();
  }

  /** The twelve standard cases: 720 training rows (2 h), 60 held-out rows at 1.5x, resources driven by the rate. */
  public static List<SimulatedCase> standard() {
    List<SimulatedCase> cases = new ArrayList<>();
    cases.add(of("cpu-4cores", 200, 11, spec(200).cpu(4, 0.62)));
    cases.add(of("cpu-8cores", 500, 12, spec(500).cpu(8, 0.60)));
    cases.add(of("dbpool-10", 150, 13, spec(150).db(10, 0.62)));
    cases.add(of("dbpool-5", 80, 14, spec(80).db(5, 0.60)));
    cases.add(of("threads-32", 300, 15, spec(300).threads(32, 0.62)));
    cases.add(of("threads-16", 120, 16, spec(120).threads(16, 0.60)));
    cases.add(of("gc-heap", 250, 17, spec(250).gc(0.10, 0.62, 0.03)));
    cases.add(of("gc-heap-small", 100, 18, spec(100).gc(0.20, 0.63, 0.02)));
    cases.add(of("callee-slow", 200, 19, spec(200).callee(8, 0.62)));
    cases.add(of("callee-fast", 400, 20, spec(400).callee(3, 0.62)));
    cases.add(of("cpu-with-db-close", 220, 21, spec(220).cpu(4, 0.62).db(10, 0.50)));
    cases.add(of("callee-with-cpu-close", 180, 22, spec(180).callee(5, 0.62).cpu(4, 0.50)));
    return List.copyOf(cases);
  }

  private static SimulatedCase of(String name, double maxRate, long seed, SpecBuilder spec) {
    return new SimulatedCase(name, new SimulatedService(spec.build()), maxRate, 720, 60, 1.5, seed, false);
  }

  private static SpecBuilder spec(double referenceRate) {
    return new SpecBuilder(referenceRate);
  }

  /** Defaults: CPU 4 cores at 30%, pool 10 at 30%, 32 threads at 25%, heap 15%..35%, GC 1%, callee 4 ms at 20%. */
  private static final class SpecBuilder {
    private final double rate;
    private int cores = 4;
    private double cpuRho = 0.30;
    private int connections = 10;
    private double dbRho = 0.30;
    private int threads = 32;
    private double threadsRho = 0.25;
    private double heapBase = 0.15;
    private double heapRho = 0.35;
    private double gc = 0.01;
    private double calleeMillis = 4;
    private double calleeRho = 0.20;

    SpecBuilder(double rate) {
      this.rate = rate;
    }

    SpecBuilder cpu(int c, double rho) {
      cores = c;
      cpuRho = rho;
      return this;
    }

    SpecBuilder db(int c, double rho) {
      connections = c;
      dbRho = rho;
      return this;
    }

    SpecBuilder threads(int c, double rho) {
      threads = c;
      threadsRho = rho;
      return this;
    }

    SpecBuilder gc(double base, double rho, double gcFraction) {
      heapBase = base;
      heapRho = rho;
      gc = gcFraction;
      return this;
    }

    SpecBuilder callee(double millis, double rho) {
      calleeMillis = millis;
      calleeRho = rho;
      return this;
    }

    SimulatedService.Spec build() {
      return new SimulatedService.Spec(rate, 3, cores, cpuRho, connections, dbRho, threads, threadsRho, heapBase,
          heapRho, gc, calleeMillis, calleeRho);
    }
  }
}
