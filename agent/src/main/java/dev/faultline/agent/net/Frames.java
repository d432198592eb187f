package dev.faultline.agent.net;

import dev.faultline.common.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes the agent's side of the framing:
 *
 * <pre>
 * +---+---+---+------+   +----------------+-----------------------+
 * | F | L | T | 0x01 |   | length: uint32 | ClientFrame (length)  | ...
 * +---+---+---+------+   +----------------+-----------------------+
 *   once per connection     big-endian, payload bytes only
 * </pre>
 */
final class Frames {

  private Frames() {}

  static ByteBuf magic(ByteBufAllocator alloc) {
    return alloc.buffer(Protocol.MAGIC.length).writeBytes(Protocol.MAGIC);
  }

  /** A length-prefixed frame around an already serialized ClientFrame. */
  static ByteBuf frame(ByteBufAllocator alloc, byte[] payload) {
    ByteBuf buf = alloc.buffer(Protocol.LENGTH_PREFIX_BYTES + payload.length);
    return buf.writeInt(payload.length).writeBytes(payload);
  }
}
