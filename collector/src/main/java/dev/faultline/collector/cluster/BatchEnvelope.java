package dev.faultline.collector.cluster;

import dev.faultline.collector.ingest.PortableBatchCodec;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value of a record in the batches topic: who sent the batch, its per-agent sequence, when the gateway took it,
 * and the batch itself as {@link PortableBatchCodec} bytes (self-contained: series definitions travel with the samples, so
 * a consumer needs no connection state). The record's key is {@link #key(AgentInfo)}.
 *
 * <pre>
 * version u8 = 1, agentId (string), sequence (uint64), receivedMillis (uint64), batch (the rest: PortableBatchCodec bytes)
 * </pre>
 *
 * (agentId, sequence) identifies a batch: a consumer that sees it twice (an agent resent it through another gateway
 * after a lost ack) applies it once.
 *
 * @param batch {@link PortableBatchCodec#encode(DecodedBatch)} bytes; decode with {@link #decode(PortableBatchCodec.Decoder)}
 */
public record BatchEnvelope(String agentId, long sequence, long receivedMillis, byte[] batch) {

  private static final int VERSION = 1;

  /** The Kafka key of a batch: the service, so one service's series stay in one partition; a host probe's host. */
  public static String key(AgentInfo agent) {
    return agent.service().isEmpty() ? "host:" + agent.host() : agent.service();
  }

  /** The key as the record's bytes (UTF-8). */
  public static byte[] keyBytes(AgentInfo agent) {
    return key(agent).getBytes(StandardCharsets.UTF_8);
  }

  /** An envelope of {@code batch} encoded now. */
  public static BatchEnvelope of(DecodedBatch batch, long receivedMillis) {
    return new BatchEnvelope(batch.agent().agentId(), batch.sequence(), receivedMillis, PortableBatchCodec.encode(batch));
  }

  /** The batch, resolved through {@code decoder} (one per consumer thread: it interns series refs). */
  public DecodedBatch decode(PortableBatchCodec.Decoder decoder) {
    return decoder.decode(sequence, batch);
  }

  public byte[] encode() {
    try {
      byte[] out = new byte[1 + CodedOutputStream.computeStringSizeNoTag(agentId)
          + CodedOutputStream.computeUInt64SizeNoTag(sequence)
          + CodedOutputStream.computeUInt64SizeNoTag(receivedMillis) + batch.length];
      CodedOutputStream o = CodedOutputStream.newInstance(out);
      o.writeUInt32NoTag(VERSION);
      o.writeStringNoTag(agentId);
      o.writeUInt64NoTag(sequence);
      o.writeUInt64NoTag(receivedMillis);
      o.writeRawBytes(batch);
      o.checkNoSpaceLeft();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // sized exactly above
    }
  }

  /** @throws IllegalArgumentException for bytes that are not an envelope of a known version */
  public static BatchEnvelope decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("empty batch envelope");
    }
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      int version = in.readRawByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown batch envelope version " + version);
      }
      String agentId = in.readString();
      long sequence = in.readUInt64();
      long received = in.readUInt64();
      int at = in.getTotalBytesRead();
      return new BatchEnvelope(agentId, sequence, received, Arrays.copyOfRange(bytes, at, bytes.length));
    } catch (IOException e) {
      throw new IllegalArgumentException("damaged batch envelope of " + bytes.length + " bytes: " + e.getMessage(),
          e);
    }
  }

  /** Kafka serde of envelopes (the value of the batches topic). */
  public static Serde<BatchEnvelope> serde() {
    Serializer<BatchEnvelope> ser = (topic, e) -> e == null ? null : e.encode();
    Deserializer<BatchEnvelope> de = (topic, bytes) -> bytes == null ? null : decode(bytes);
    return Serdes.serdeFrom(ser, de);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchEnvelope e && e.agentId.equals(agentId) && e.sequence == sequence
        && e.receivedMillis == receivedMillis && Arrays.equals(e.batch, batch);
  }

  @Override
  public int hashCode() {
    return (agentId.hashCode() * 31 + Long.hashCode(sequence)) * 31 + Arrays.hashCode(batch);
  }

  @Override
  public String toString() {
    return "BatchEnvelope[agent " + agentId + ", sequence " + sequence + ", received " + receivedMillis + ", "
        + batch.length + " batch bytes]";
  }
}
