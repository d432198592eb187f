package dev.faultline.collector.testing;

import dev.faultline.collector.Collector;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.PeerKind;
import dev.faultline.proto.v1.SampleGroup;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A small fleet with the request metrics {@code top} and {@code topology} read, fed through the ingest socket:
 *
 * <pre>
 * service   instance    request_rate  error_ratio  latency_p99_seconds   edges
 * frontend  frontend-1  10            0.00         0.05                  frontend -> checkout: 20 calls/s, 2% errors,
 * frontend  frontend-2  30            0.10         0.08                                        p99 120 ms
 * checkout  checkout-1  20            0.02         0.12                  checkout -> db:orders (database)
 * </pre>
 *
 * Each series has points at now-20 s and now-10 s; frontend-1 also reports {@code request_rate{endpoint="/x"}} = 99,
 * which service-level views must ignore. So frontend's rate is 40/s, its error ratio 7.5 % (weighted by rate) and
 * its p99 80 ms (the worst instance).
 */
public final class ServiceFleet {

  private ServiceFleet() {}

  public static void feed(Collector collector, long nowMillis) throws Exception {
    agent(collector, "frontend", "frontend-1", 10, 0.0, 0.05, "checkout", nowMillis);
    agent(collector, "frontend", "frontend-2", 30, 0.1, 0.08, null, nowMillis);
    agent(collector, "checkout", "checkout-1", 20, 0.02, 0.12, "db:orders", nowMillis);
    if (!collector.live().detection().awaitIdle(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("detection did not catch up");
    }
  }

  private static void agent(Collector collector, String service, String instance, double rate, double errors,
      double p99, String callee, long now) throws Exception {
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(TestFrames.hello("a-" + instance, service, instance, "node-" + instance));
      agent.send(TestFrames.definitions("request_rate", "error_ratio", "latency_p99_seconds",
          "request_rate:endpoint=/x"));
      MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(1);
      for (long t : new long[] {now - 20_000, now - 10_000}) {
        b.addGroups(SampleGroup.newBuilder().setTimestampUnixMs(t).addSeriesIds(0).addValues(rate)
            .addSeriesIds(1).addValues(errors).addSeriesIds(2).addValues(p99).addSeriesIds(3).addValues(99));
        if (callee != null) {
          b.addEdges(EdgeStats.newBuilder().setTimestampUnixMs(t).setCaller(service).setCallee(callee)
              .setCalleeKind(callee.startsWith("db:") ? PeerKind.PEER_KIND_DATABASE : PeerKind.PEER_KIND_SERVICE)
              .setCalls(200).setErrors(4).setLatency(latency(0.120)));
        }
      }
      agent.send(ClientFrame.newBuilder().setBatch(b).build());
      agent.read();
    }
  }

  /** An hdr-v2 histogram of 100 calls, all taking {@code seconds}. */
  public static HistogramSample latency(double seconds) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount((long) (seconds * 1e9), 100);
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return HistogramSample.newBuilder().setCount(100).setSumSeconds(seconds * 100).setEncoding("hdr-v2")
        .setEncoded(ByteString.copyFrom(buffer.array(), 0, length)).build();
  }
}
