package dev.faultline.collector.cli;

import dev.faultline.collector.bench.IngestBenchmark;
import dev.faultline.collector.bench.LoadRamp;
import dev.faultline.collector.bench.PacedDetectionBenchmark;
import dev.faultline.collector.bench.PerfDemoBench;
import dev.faultline.collector.demo.AgentJarLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline bench}: ingest throughput (parse-only, in-memory, end to end) and memory per series. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure ingest throughput on this machine and the memory cost per series.",
        "Runs an in-process collector on 127.0.0.1 ephemeral ports; stops by itself.",
        "With --load: the sustained load test instead (paced agents, queries alongside; see --agents).",
        "With --detection --rate N: ingest with detection at a paced N samples/s, detection off vs on (see --rate)."})
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--connections", defaultValue = "16", description = "Concurrent agent connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--seconds", defaultValue = "10", description = "Measured end-to-end time (default ${DEFAULT-VALUE}):"
      + " split over the --rounds (at least 1 s each), and the length of the single WAL, detection and training"
      + " phases; an unmeasured end-to-end run of the same length (at most 10 s) precedes them, to compile the socket"
      + " path.")
  int seconds;

  @Option(names = "--series-per-batch", description = "Samples per batch = series per connection (default 5000;"
      + " with --rate: 600, i.e. 9,600 series over 16 connections, within detection.max-series 10,000).")
  Integer seriesPerBatch;

  @Option(names = "--rate", paramLabel = "SAMPLES_PER_S", description = {"Instead of ingest as fast as acks allow:"
      + " the connections send batches on a schedule, offering this many samples/s in total (e.g. 1000000), against"
      + " a collector with detection off and, with --detection, on for each --detection-workers value; prints per"
      + " phase samples offered, stored and scored per second, the share scored, hand-offs dropped, detection and"
      + " process CPU and the on/off ratio. --seconds are measured after a 3 s warm-up per phase."})
  Double rate;

  @Option(names = "--load", description = {"Run the sustained load test instead: --agents simulated agents, each "
      + "sending --series-per-agent samples every --interval-ms for --seconds, with query clients running all along;",
      "prints query latency (in total and per route), heap after GC over time and samples acknowledged vs applied.",
      "The simulated agents run in a child JVM that the bench starts and ends."})
  boolean load;

  @Option(names = "--agents", defaultValue = "1000", description = "With --load: simulated agents (default ${DEFAULT-VALUE}; about two file descriptors each).")
  int agents;

  @Option(names = "--series-per-agent", defaultValue = "100", description = "With --load: samples per batch (default ${DEFAULT-VALUE}).")
  int seriesPerAgent;

  @Option(names = "--interval-ms", defaultValue = "1000", description = "With --load: each agent's batch interval (default ${DEFAULT-VALUE}).")
  int intervalMillis;

  @Option(names = "--no-wal", description = "With --load: keep batches in memory only (the default writes the write-ahead log, as in production).")
  boolean noWal;

  @Option(names = "--detection", description = "Also run end to end with the default detectors on and print the on/off ratio.")
  boolean detection;

  @Option(names = "--detection-workers", split = ",", defaultValue = "1,2",
      description = "With --detection: detection.workers values to compare (default ${DEFAULT-VALUE}).")
  List<Integer> detectionWorkers;

  @Option(names = "--perf-training",
      description = "Also run end to end while performance models train back to back and print the on/off ratio.")
  boolean perfTraining;

  @Option(names = "--perf-demo",
      description = {"Instead of ingest: run the demo fleet (4 JVMs with the agent) under a load ramp, train the"
          + " performance models on the ramp and print their held-out MAPE at --demo-held-multiple times the"
          + " training rate against a naive last-value baseline. Takes --demo-train-seconds + --demo-held-seconds."})
  boolean perfDemo;

  @Option(names = "--demo-start-rate", defaultValue = "5",
      description = "With --perf-demo: front-end requests per second at the start of the ramp (default ${DEFAULT-VALUE}).")
  double demoStartRate;

  @Option(names = "--demo-train-rate",
      description = "With --perf-demo: requests per second at the end of the training ramp (default: --demo-train-share"
          + " of the fleet's configured capacity; the held-out phase, --demo-held-multiple times this, must stay below"
          + " the capacity).")
  Double demoTrainRate;

  @Option(names = "--demo-train-share", defaultValue = "0.6",
      description = {"With --perf-demo: without --demo-train-rate, the training ramp ends at this share of the demo"
          + " fleet's configured bottleneck capacity (payments: 4 workers x 50 ms = 80 req/s), so that the held-out"
          + " phase at 1.5x runs its pool ~90%% busy, past the queue's knee (default ${DEFAULT-VALUE}: 48 req/s, then"
          + " 72 req/s)."})
  double demoTrainShare;

  @Option(names = "--no-demo-callees",
      description = {"With --perf-demo: train and score without the callee-latency features (callee:S, callee:S:p99),"
          + " e.g. with --demo-replay to see their effect on identical rows."})
  boolean noDemoCallees;

  @Option(names = "--demo-row-seconds", defaultValue = "1", paramLabel = "N",
      description = {"With --perf-demo: train and score on rows averaged over N seconds (rate, features and the"
          + " per-second p50 and p99) instead of the agents' 1-second rows, e.g. with --demo-replay; the recording"
          + " keeps the 1-second rows (default ${DEFAULT-VALUE})."})
  int demoRowSeconds;

  @Option(names = "--demo-train-seconds", defaultValue = "300",
      description = "With --perf-demo: length of the training ramp (default ${DEFAULT-VALUE}).")
  double demoTrainSeconds;

  @Option(names = "--demo-held-multiple", defaultValue = "1.5",
      description = "With --perf-demo: held-out rate as a multiple of the training rate (default ${DEFAULT-VALUE}).")
  double demoHeldMultiple;

  @Option(names = "--demo-held-seconds", defaultValue = "120",
      description = "With --perf-demo: length of the held-out phase (default ${DEFAULT-VALUE}).")
  double demoHeldSeconds;

  @Option(names = "--gateway", description = {"Instead of ingest: samples/s acknowledged through one gateway into"
      + " Kafka (cluster.role gateway) side by side with the single-node collector, alternating, --rounds times;"
      + " needs --bootstrap-servers. Creates and deletes its own topics."})
  boolean gateway;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "With --gateway: the Kafka brokers to publish to.")
  String bootstrapServers;

  @Option(names = "--rounds", description = {"Ingest bench: alternating rounds of the parse-only and end-to-end phases"
      + " whose medians and spread are reported (default " + IngestBenchmark.DEFAULT_ROUNDS + "); --seconds of end"
      + " to end are split over them, at least 1 s each. The parse-only and in-memory end-to-end phases of a round"
      + " start measuring only once this JVM's JIT compiler threads have used <= 0.05 cores for 1 s (at most 20 s of"
      + " waiting; the round's line says how long), as in a long-running collector; the WAL phase does not wait.",
      "With --gateway: single/gateway pairs (default 3)."})
  Integer rounds;

  @Option(names = "--agents-process", description = {"Ingest bench: each round also runs end to end with the agents"
      + " in a child JVM (this jar, -Xmx512m, serial GC; started once, ended by its PID), side by side with the agents"
      + " in this JVM, so that the collector's CPU and heap are its own."})
  boolean agentsProcess;

  @Option(names = "--agents-cpus", paramLabel = "LIST", description = {"With --agents-process: pin the child JVM"
      + " to these CPUs with taskset -c (e.g. 1); needs taskset on the PATH. Default: unpinned."})
  String agentsCpus;

  @Option(names = "--cpu-split", description = {"Ingest bench: run only the two end-to-end phases, WAL (fsync"
      + " always) and in memory, alternating --rounds times after the usual warm-ups, and print the collector's CPU"
      + " per stored sample per thread group (ingest event loops, WAL writer, WAL flusher, GC, JIT, the bench agents,"
      + " other; user + system, from /proc/self/task/*/stat), the medians and the WAL's extra per group, and the"
      + " machine's load, memory, page cache and I/O pressure before and after."})
  boolean cpuSplit;

  @Option(names = "--demo-record", paramLabel = "FILE",
      description = "With --perf-demo: also write the training and held-out rows to FILE (JSON), for --demo-replay.")
  Path demoRecord;

  @Option(names = "--demo-replay", paramLabel = "FILE",
      description = {"With --perf-demo: do not run the fleet; train and score the models on the rows recorded in FILE"
          + " by --demo-record (the demo's latency depends on the machine's load, so model variants are compared on"
          + " the same rows)."})
  Path demoReplay;

  @Option(names = "--agent-jar", description = "With --perf-demo: the agent jar (default: found next to this jar or in the build tree).")
  Path agentJar;

  @Override
  public Integer call() throws Exception {
    if (perfDemo) {
      return perfDemo();
    }
    if (detectionWorkers.stream().anyMatch(w -> w < 1 || w > 64)) {
      spec.commandLine().getErr().println("faultline bench: --detection-workers values must be between 1 and 64, were "
          + detectionWorkers);
      return 2;
    }
    if (seriesPerBatch == null) {
      seriesPerBatch = rate != null ? 600 : 5000;
    }
    if (connections < 1 || seconds < 1 || seriesPerBatch < 1) {
      spec.commandLine().getErr().println("faultline bench: --connections, --seconds and --series-per-batch must be >= 1");
      return 2;
    }
    LogSetup.install("warn");
    Logger.getLogger("dev.faultline").setLevel(Level.WARNING);
    if (gateway) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        spec.commandLine().getErr().println("faultline bench --gateway: --bootstrap-servers HOST:PORT is required");
        return 2;
      }
      try {
        new dev.faultline.collector.bench.GatewayBenchmark(bootstrapServers, connections, seconds, seriesPerBatch,
            rounds == null ? 3 : rounds, spec.commandLine().getOut()).run();
        return 0;
      } catch (IllegalArgumentException | dev.faultline.collector.cluster.ClusterStartException e) {
        spec.commandLine().getErr().println("faultline bench --gateway: " + e.getMessage());
        return 2;
      }
    }
    if (load) {
      if (agents < 1 || seriesPerAgent < 1 || intervalMillis < 10) {
        spec.commandLine().getErr().println("faultline bench: --agents and --series-per-agent must be >= 1, "
            + "--interval-ms >= 10");
        return 2;
      }
      java.io.PrintWriter out = spec.commandLine().getOut();
      dev.faultline.collector.bench.LoadTest.Result r = new dev.faultline.collector.bench.LoadTest(
          new dev.faultline.collector.bench.LoadTest.Options(agents, seriesPerAgent, intervalMillis, seconds, 4,
              !noWal), out).run();
      dev.faultline.collector.bench.LoadTest.print(r, out);
      return r.samplesLost() == 0 && r.agentsConnected() == agents ? 0 : 1;
    }
    if (rate != null) {
      try {
        new PacedDetectionBenchmark(rate, connections, seriesPerBatch, seconds,
            detection ? detectionWorkers : List.of(), spec.commandLine().getOut()).run();
        return 0;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("faultline bench: " + e.getMessage());
        return 2;
      }
    }
    try {
      if (agentsCpus != null && !agentsProcess) {
        spec.commandLine().getErr().println("faultline bench: --agents-cpus needs --agents-process");
        return 2;
      }
      IngestBenchmark bench = new IngestBenchmark(connections, seconds, seriesPerBatch, spec.commandLine().getOut(),
          detection ? detectionWorkers : List.of())
          .withRounds(rounds == null ? IngestBenchmark.DEFAULT_ROUNDS : rounds);
      if (cpuSplit) {
        bench.runCpuSplit();
        return 0;
      }
      if (agentsProcess) {
        bench.withAgentsProcess(agentsCpus);
      }
      (perfTraining ? bench.withTrainingComparison() : bench).run();
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("faultline bench: " + e.getMessage());
      return 2;
    }
  }

  private int perfDemo() throws Exception {
    if (demoReplay != null) {
      try {
        dev.faultline.collector.bench.PerfDemoBench.replay(
            dev.faultline.collector.bench.DemoRecording.read(demoReplay), !noDemoCallees, demoRowSeconds,
            spec.commandLine().getOut());
        return 0;
      } catch (java.io.IOException | IllegalArgumentException e) {
        spec.commandLine().getErr().println("faultline bench --perf-demo: " + e.getMessage());
        return 2;
      }
    }
    LoadRamp ramp;
    try {
      if (demoTrainRate == null && !(demoTrainShare > 0 && demoTrainShare * demoHeldMultiple < 1)) {
        throw new IllegalArgumentException("--demo-train-share x --demo-held-multiple must be in (0, 1) (the held-out"
            + " rate must stay below the fleet's capacity), were " + demoTrainShare + " and " + demoHeldMultiple);
      }
      double trainRate = demoTrainRate != null ? demoTrainRate
          : Math.round(demoTrainShare * dev.faultline.collector.demo.DemoFleet.bottleneckCapacity());
      ramp = new LoadRamp(demoStartRate, trainRate, demoTrainSeconds, demoHeldMultiple, demoHeldSeconds);
      if (demoRowSeconds < 1) {
        throw new IllegalArgumentException("--demo-row-seconds must be >= 1, was " + demoRowSeconds);
      }
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("faultline bench --perf-demo: " + e.getMessage());
      return 2;
    }
    Path jar = agentJar != null ? agentJar : AgentJarLocator.locate().orElse(null);
    if (jar == null || !Files.isRegularFile(jar)) {
      spec.commandLine().getErr().println("faultline bench --perf-demo: faultline-agent.jar not found"
          + (jar == null ? "" : " at " + jar) + "; build it (mvn -DskipTests package) or pass --agent-jar");
      return 2;
    }
    LogSetup.install("warn");
    Logger.getLogger("dev.faultline").setLevel(Level.WARNING);
    new PerfDemoBench(ramp, jar, spec.commandLine().getOut(), demoRecord, !noDemoCallees, demoRowSeconds).run();
    return 0;
  }
}
