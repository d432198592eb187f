package dev.faultline.collector.bench;

import dev.faultline.common.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.Label;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SeriesDefinition;
import dev.faultline.proto.v1.SeriesDefinitions;

/** The identity and series dictionary of one simulated agent. */
final class BenchAgent {

  final int index;
  final Hello hello;
  final SeriesDefinitions definitions;

  BenchAgent(int index, int seriesCount) {
    this(index, seriesCount, "bench");
  }

  /** An agent of {@code service} (the gateway benchmark spreads agents over services, hence partitions). */
  BenchAgent(int index, int seriesCount, String service) {
    this.index = index;
    this.hello = Hello.newBuilder()
        .setProtocolVersion(Protocol.VERSION)
        .setAgentId("bench-agent-" + index)
        .setService(service)
        .setInstanceId("bench-" + index)
        .setHost("bench-host")
        .setPid(10_000 + index)
        .setAgentVersion("bench")
        .setRuntimeVersion(Runtime.version().toString())
        .setKind(AgentKind.AGENT_KIND_JVM)
        .build();
    SeriesDefinitions.Builder defs = SeriesDefinitions.newBuilder();
    for (int id = 0; id < seriesCount; id++) {
      defs.addSeries(SeriesDefinition.newBuilder()
          .setId(id).setMetric("bench_value").setType(MetricType.METRIC_TYPE_GAUGE).setUnit("ratio")
          .addLabels(Label.newBuilder().setKey("series").setValue(Integer.toString(id))));
    }
    this.definitions = defs.build();
  }

  /** What a connection sends first: the magic, then the hello and the series definitions, each length-prefixed. */
  ByteBuf opening(ByteBufAllocator alloc) throws IOException {
    ByteBuf out = alloc.buffer();
    out.writeBytes(Protocol.MAGIC);
    writeFrame(out, helloFrame());
    writeFrame(out, definitionsFrame());
    return out;
  }

  static void writeFrame(ByteBuf out, ClientFrame frame) throws IOException {
    out.writeInt(frame.getSerializedSize());
    frame.writeTo(new ByteBufOutputStream(out));
  }

  ClientFrame helloFrame() {
    return ClientFrame.newBuilder().setHello(hello).build();
  }

  ClientFrame definitionsFrame() {
    return ClientFrame.newBuilder().setDefinitions(definitions).build();
  }
}
