package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * What the detector checkpoints cost an analyzer's stream thread, side by side in one JVM: the same processor and
 * data, once scoring only and once also checkpointing every series after each round, so the difference is the
 * checkpoints' (encoding the flat state, deflating, the store put; without the changelog producer). 1,000 series of
 * {@code latency_p99_seconds} (the default pipeline, seasonal profile included: 60 KB of state each), 3 days of
 * 5-minute points, one checkpoint of every series per 72 points (6 hours of data). Not part of the suite (the name does not end in Test); run it with {@code mvn -o -pl collector
 * -am test -Dtest=CheckpointCostBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CheckpointCostBench {

  private static final int SERIES = 1_000;
  private static final int POINTS = 864;
  private static final int PER_BATCH = 12;
  private static final long START = 1_790_000_000_000L;

  @Test
  void checkpointCostAgainstScoring() {
    ExecutorService training = Executors.newSingleThreadExecutor();
    try {
      List<byte[]> batches = batches();
      for (int round = 0; round < 2; round++) { // the first round warms the JIT
        long scoring = run(batches, training, false);
        long[] withCheckpoints = new long[2];
        long total = run(batches, training, true, withCheckpoints);
        System.out.printf("round %d: scoring %d points of %d series: %.2f s; with a checkpoint of every series"
            + " every 72 points: %.2f s, of which %d checkpoints %.2f s (%.1f us each, %.1f KB each"
            + " stored), ratio %.2f%n", round, (long) SERIES * POINTS, SERIES, scoring / 1e9, total / 1e9,
            withCheckpoints[1], withCheckpoints[0] / 1e9, withCheckpoints[0] / 1e3 / withCheckpoints[1],
            lastBytes / 1024.0 / SERIES, total / (double) scoring);
      }
    } finally {
      training.shutdownNow();
    }
  }

  private static long lastBytes;

  private static long run(List<byte[]> batches, ExecutorService training, boolean checkpoint) {
    return run(batches, training, checkpoint, new long[2]);
  }

  /** @param spent [0] nanoseconds in checkpoints, [1] checkpoints written */
  private static long run(List<byte[]> batches, ExecutorService training, boolean checkpoint, long[] spent) {
    MockProcessorContext<String, byte[]> ctx = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> checkpoints = null;
    for (String name : List.of(AnalyzerTopology.POINTS_STORE, AnalyzerTopology.CHECKPOINTS_STORE)) {
      KeyValueStore<String, byte[]> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
          Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
      s.init(ctx.getStateStoreContext(), s);
      ctx.addStateStore(s);
      checkpoints = s;
    }
    AnalyzerProcessor p = new AnalyzerProcessor(LiveConfig.defaults(), training,
        new SeriesStore(Long.MAX_VALUE / 4, 1L << 30, 100_000, System::currentTimeMillis), 720, 300_000,
        Long.MAX_VALUE / 4, new AnalysisTimings());
    p.init(ctx);
    long t0 = System.nanoTime();
    int perRound = SERIES; // batches per 12-point round
    for (int i = 0; i < batches.size(); i++) {
      p.process(new Record<>("svc", batches.get(i), 0));
      if (checkpoint && (i + 1) % perRound == 0 && ((i + 1) / perRound) % 6 == 0) { // every 6th round: 30 min
        long c0 = System.nanoTime();
        p.checkpointAll();
        spent[0] += System.nanoTime() - c0;
        spent[1] += SERIES;
      }
    }
    long elapsed = System.nanoTime() - t0;
    if (checkpoint) {
      long bytes = 0;
      long raw = 0;
      int count = 0;
      try (var it = checkpoints.all()) {
        while (it.hasNext()) {
          byte[] v = it.next().value;
          bytes += v.length;
          raw += DetectorCheckpoints.decode(v).state().length;
          count++;
        }
      }
      lastBytes = bytes;
      System.out.printf("%d checkpoints stored, %.1f KB raw each%n", count, raw / 1024.0 / Math.max(1, count));
    }
    ctx.forwarded().clear();
    return elapsed;
  }

  /** 50 services of 20 instances (one agent each); per 12-point round one batch per instance. */
  private static List<byte[]> batches() {
    Random noise = new Random(7);
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < POINTS; from += PER_BATCH) {
      for (int svc = 0; svc < 50; svc++) {
        for (int inst = 0; inst < 20; inst++) {
          String instance = "svc" + svc + "-" + inst;
          SeriesRef ref = new SeriesRef(SeriesKey.of("latency_p99_seconds", Map.of(), "svc" + svc, instance,
              "node-" + inst), "gauge", "seconds");
          SeriesRef[] refs = new SeriesRef[PER_BATCH];
          long[] ts = new long[PER_BATCH];
          double[] vs = new double[PER_BATCH];
          for (int j = 0; j < PER_BATCH; j++) {
            refs[j] = ref;
            ts[j] = START + (from + j) * 300_000L;
            vs[j] = 0.2 + 0.05 * Math.sin(2 * Math.PI * (from + j) / 288) + 0.01 * noise.nextGaussian();
          }
          AgentInfo agent = new AgentInfo("a-" + instance, "svc" + svc, instance, "node-" + inst, 1, "jvm", "17",
              "0.1", 0);
          out.add(BatchEnvelope.of(new DecodedBatch(agent, from / PER_BATCH + 1, 0, PER_BATCH, refs, ts, vs,
              List.of(), List.of(), List.of()), 0).encode());
        }
      }
    }
    return out;
  }
}
