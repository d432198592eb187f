package dev.faultline.collector.testing;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.Label;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SampleGroup;
import dev.faultline.proto.v1.SeriesDefinition;
import dev.faultline.proto.v1.SeriesDefinitions;
import dev.faultline.proto.v1.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Builds client frames and parses server frames for tests. */
public final class TestFrames {

  private TestFrames() {}

  public static Hello hello(String agentId, String service, String instance, String host) {
    return Hello.newBuilder().setProtocolVersion(Protocol.VERSION).setAgentId(agentId).setService(service)
        .setInstanceId(instance).setHost(host).setPid(42).setAgentVersion("0.1.0").setRuntimeVersion("17")
        .setKind(service.isEmpty() ? AgentKind.AGENT_KIND_HOST_PROBE : AgentKind.AGENT_KIND_JVM).build();
  }

  public static ClientFrame helloFrame(Hello hello) {
    return ClientFrame.newBuilder().setHello(hello).build();
  }

  /** Defines ids 0..n-1 as the given metrics; a metric written {@code name:key=value} gets one label. */
  public static ClientFrame definitions(String... metrics) {
    SeriesDefinitions.Builder defs = SeriesDefinitions.newBuilder();
    for (int id = 0; id < metrics.length; id++) {
      String[] parts = metrics[id].split(":", 2);
      SeriesDefinition.Builder d = SeriesDefinition.newBuilder().setId(id).setMetric(parts[0])
          .setType(MetricType.METRIC_TYPE_GAUGE);
      if (parts.length == 2) {
        String[] kv = parts[1].split("=", 2);
        d.addLabels(Label.newBuilder().setKey(kv[0]).setValue(kv[1]));
      }
      defs.addSeries(d);
    }
    return ClientFrame.newBuilder().setDefinitions(defs).build();
  }

  /** A batch with one sample group. */
  public static ClientFrame batch(long sequence, long timestampMillis, int[] ids, double[] values) {
    SampleGroup.Builder group = SampleGroup.newBuilder().setTimestampUnixMs(timestampMillis);
    Arrays.stream(ids).forEach(group::addSeriesIds);
    Arrays.stream(values).forEach(group::addValues);
    return ClientFrame.newBuilder().setBatch(MetricBatch.newBuilder().setSequence(sequence).addGroups(group)).build();
  }

  /** Length prefix plus payload. */
  public static byte[] framed(ClientFrame frame) {
    return framed(frame.toByteArray());
  }

  public static byte[] framed(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
  }

  /** Magic followed by the given frames, as one byte stream. */
  public static byte[] stream(ClientFrame... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Protocol.MAGIC);
    for (ClientFrame f : frames) {
      out.writeBytes(framed(f));
    }
    return out.toByteArray();
  }

  /** Parses one length-prefixed server frame. */
  public static ServerFrame parseServerFrame(byte[] framed) {
    try {
      int length = ByteBuffer.wrap(framed).getInt();
      return ServerFrame.parseFrom(Arrays.copyOfRange(framed, 4, 4 + length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
