package dev.faultline.common;

/**
 * Constants of the agent-to-collector wire protocol (see {@code proto/README.md}).
 *
 * <pre>
 * connection := MAGIC frame*
 * frame      := length:uint32 (big-endian, bytes of payload) payload:ClientFrame|ServerFrame
 *
 * +------+------+------+------+--------+--------+--------+--------+-----------------+
 * | 'F'  | 'L'  | 'T'  | 0x01 | len[0] | len[1] | len[2] | len[3] | payload (len)   | ...
 * +------+------+------+------+--------+--------+--------+--------+-----------------+
 * </pre>
 *
 * The magic lets the collector tell a Faultline agent from a TLS client, an HTTP client or noise and say so,
 * instead of reading such bytes as an absurd frame length.
 */
public final class Protocol {

  /** The protocol version this build speaks. Bumped only for incompatible changes. */
  public static final int VERSION = 1;

  /** Sent once by the agent at the start of every connection, before the first frame. */
  public static final byte[] MAGIC = {'F', 'L', 'T', 0x01};

  /** Bytes of the length prefix in front of every frame. */
  public static final int LENGTH_PREFIX_BYTES = 4;

  /** Default and upper bound of the maximum frame payload the collector accepts (4 MiB). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

  /** Default ingest port. */
  public static final int DEFAULT_INGEST_PORT = 9470;

  /** Default query (HTTP) port. */
  public static final int DEFAULT_QUERY_PORT = 9471;

  private Protocol() {}

  /** Returns whether {@code bytes} starts with {@link #MAGIC}; false when shorter. */
  public static boolean startsWithMagic(byte[] bytes) {
    if (bytes.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }
}
