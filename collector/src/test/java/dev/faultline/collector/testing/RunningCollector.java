package dev.faultline.collector.testing;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import java.nio.file.Path;

/** An in-process collector on ephemeral ports, pre-loaded with a small fleet. */
public final class RunningCollector {

  private RunningCollector() {}

  public static Collector start(Path dataDir) throws Exception {
    return Collector.start(CollectorSettings.of(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build()));
  }

  /**
   * Feeds: checkout-1 on web-1 (jvm_threads_live, host_load1) with points at now-3m, now-2m, now-1m, values 1..3;
   * payments-1 on web-2 (jvm_threads_live) with one point at now-1m; a host probe on web-2 (host_load1).
   */
  public static long feedFleet(Collector collector) throws Exception {
    long now = System.currentTimeMillis();
    try (TestAgent checkout = TestAgent.connect(collector.ingestAddress());
        TestAgent payments = TestAgent.connect(collector.ingestAddress());
        TestAgent probe = TestAgent.connect(collector.ingestAddress())) {
      checkout.handshake(hello("a-checkout", "checkout", "checkout-1", "web-1"));
      checkout.send(definitions("jvm_threads_live", "host_load1", "http_requests_rate:endpoint=/orders"));
      for (int i = 1; i <= 3; i++) {
        checkout.send(batch(i, now - (4 - i) * 60_000L, new int[] {0, 1, 2}, new double[] {i, i / 2.0, i * 10}));
        checkout.read();
      }
      payments.handshake(hello("a-payments", "payments", "payments-1", "web-2"));
      payments.send(definitions("jvm_threads_live"));
      payments.send(batch(1, now - 60_000, new int[] {0}, new double[] {7}));
      payments.read();
      probe.handshake(hello("a-probe", "", "", "web-2"));
      probe.send(definitions("host_load1"));
      probe.send(batch(1, now - 60_000, new int[] {0}, new double[] {0.25}));
      probe.read();
    }
    return now;
  }
}
