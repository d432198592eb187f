package dev.faultline.collector.wal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The envelope the ingest writes to the WAL for one accepted batch: who sent it, its sequence, when it arrived, and
 * the encoded batch. Replay decodes it to rebuild the store and the per-agent highest sequence.
 *
 * <pre>
 * offset 0        1             3                 3+n          11+n              19+n
 *        +--------+-------------+-----------------+------------+-----------------+-----------------+
 *        | ver=2  | id length n | agent id (UTF-8)| sequence   | received millis | payload (rest)  |
 *        | u8     | u16         | n bytes         | u64        | u64             |                 |
 *        +--------+-------------+-----------------+------------+-----------------+-----------------+
 * </pre>
 *
 * <p>Version 2 (segment format 2): the payload refers to series by key; the ingest's definitions records, which start
 * with another first byte (3), share the log with these. Version 1 records carried their definitions.
 *
 * @param agentId agent id from the {@code Hello}, at most 65535 UTF-8 bytes
 * @param sequence the batch's per-agent sequence number (from 1)
 * @param receivedAtMillis epoch milliseconds when the collector received the batch
 * @param payload the encoded batch; not copied, do not modify
 */
public record IngestRecord(String agentId, long sequence, long receivedAtMillis, byte[] payload) {

  /** First byte of an ingest record. */
  public static final byte VERSION = 2;

  public IngestRecord {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(payload, "payload");
  }

  /** Encodes into a new heap buffer ready for {@link Wal#append}. */
  public ByteBuffer encode() {
    byte[] id = agentId.getBytes(StandardCharsets.UTF_8);
    if (id.length > 0xFFFF) {
      throw new IllegalArgumentException("agentId longer than 65535 UTF-8 bytes");
    }
    ByteBuffer b = ByteBuffer.allocate(1 + 2 + id.length + 16 + payload.length);
    b.put(VERSION).putShort((short) id.length).put(id).putLong(sequence).putLong(receivedAtMillis).put(payload);
    return b.flip();
  }

  /** Bytes of the envelope before the payload for an agent id of {@code idBytes} UTF-8 bytes. */
  public static int envelopeBytes(int idBytes) {
    return 1 + 2 + idBytes + 16;
  }

  /**
   * Writes the envelope (everything but the payload) at the start of {@code dst}, so that an encoder can put the
   * payload right after it without another copy.
   *
   * @return the envelope's length, {@link #envelopeBytes(int)}
   */
  public static int writeEnvelope(byte[] dst, byte[] agentIdUtf8, long sequence, long receivedAtMillis) {
    if (agentIdUtf8.length > 0xFFFF) {
      throw new IllegalArgumentException("agentId longer than 65535 UTF-8 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(dst);
    b.put(VERSION).putShort((short) agentIdUtf8.length).put(agentIdUtf8).putLong(sequence).putLong(receivedAtMillis);
    return b.position();
  }

  /**
   * Decodes a record handed over by replay (copies what it keeps; does not move {@code bytes}' position).
   *
   * @throws IllegalArgumentException if the bytes are not an ingest record of a known version
   */
  public static IngestRecord decode(ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate();
    try {
      byte version = b.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown ingest record version " + version);
      }
      byte[] id = new byte[b.getShort() & 0xFFFF];
      b.get(id);
      long sequence = b.getLong();
      long received = b.getLong();
      byte[] payload = new byte[b.remaining()];
      b.get(payload);
      return new IngestRecord(new String(id, StandardCharsets.UTF_8), sequence, received, payload);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated ingest record of " + bytes.remaining() + " bytes", e);
    }
  }
}
