package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.testing.TestFrames;
import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.Hello;
import dev.faultline.collector.testing.FuzzInputs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the ingest port's decoder and handshake with random and mutated byte streams (a bounded number of seeded
 * tries, {@link FuzzInputs}: a few seconds in all). Each input must end cleanly: answered and kept open, or rejected and closed, with
 * no unexpected error and bounded allocation ({@link IngestFuzzHarness}). Inputs that once broke something live in
 * {@code src/test/resources/fuzz-corpus/ingest} and are replayed by {@link IngestFuzzCorpusTest}.
 */
@Timeout(60)
class IngestFuzzTest {

  /** A valid conversation: magic, Hello, definitions, two batches, Goodbye. */
  static byte[] validStream() {
    long t = 1_764_214_200_000L;
    return TestFrames.stream(
        TestFrames.helloFrame(TestFrames.hello("fuzz", "checkout", "checkout-1", "web-1")),
        TestFrames.definitions("jvm_threads_live", "http_requests:endpoint=/a"),
        TestFrames.batch(1, t, new int[] {0, 1}, new double[] {1, 2}),
        TestFrames.batch(2, t + 1000, new int[] {1, 0}, new double[] {3, Double.NaN}),
        ClientFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason("done")).build());
  }

  @Test
  void theValidStreamIsAcceptedAndAcknowledged() {
    IngestFuzzHarness.Outcome o = IngestFuzzHarness.run(validStream(), 7);
    assertTrue(o.answers().get(0).getHelloReply().getAccepted());
    assertEquals(2, o.answers().get(2).getAck().getSequence());
  }

  @Test
  void aFrameClaimingTwoGibibytesIsRejectedBeforeAnyAllocation() {
    byte[] input = ByteBuffer.allocate(8).put(Protocol.MAGIC).putInt(0x7fff_ffff).array();
    IngestFuzzHarness.Outcome o = IngestFuzzHarness.run(input, 8);
    assertTrue(o.rejected());
    assertTrue(o.allocatedBytes() < 1024 * 1024, o.allocatedBytes() + " bytes allocated");
  }

  @Test
  void randomBytes() {
    FuzzInputs.run("random bytes", 300, r -> IngestFuzzHarness.run(FuzzInputs.bytes(r, 512), 1 + r.nextInt(64)));
  }

  @Test
  void randomBytesAfterTheMagic() {
    FuzzInputs.run("random bytes after the magic", 300,
        r -> IngestFuzzHarness.run(concat(Protocol.MAGIC, FuzzInputs.bytes(r, 512)), 1 + r.nextInt(64)));
  }

  @Test
  void mutatedValidStreams() {
    FuzzInputs.run("mutated streams", 600, r -> IngestFuzzHarness.run(mutate(r), 1 + r.nextInt(200)));
  }

  @Test
  void randomHandshakes() {
    FuzzInputs.run("random handshakes", 300, random -> {
      Hello hello = hello(random);
      byte[] stream = TestFrames.stream(TestFrames.helloFrame(hello), TestFrames.definitions("m"),
          TestFrames.batch(1 + random.nextInt(3), random.nextLong(), new int[] {0},
              new double[] {random.nextDouble()}));
      IngestFuzzHarness.Outcome o = IngestFuzzHarness.run(stream, 1 + random.nextInt(100));
      assertTrue(!o.answers().isEmpty(), "a Hello is always answered");
      if (hello.getProtocolVersion() != Protocol.VERSION || hello.getAgentId().isEmpty()) {
        assertTrue(!o.answers().get(0).getHelloReply().getAccepted() || o.rejected());
      }
    });
  }

  /** A Hello with random fields: any version (mostly the right one), any text, pid and kind number. */
  static Hello hello(Random r) {
    return Hello.newBuilder().setProtocolVersion(r.nextInt(4) == 0 ? r.nextInt() : Protocol.VERSION)
        .setAgentId(r.nextInt(8) == 0 ? "" : FuzzInputs.text(r, 300)).setService(FuzzInputs.text(r, 300))
        .setInstanceId(FuzzInputs.text(r, 50)).setHost(FuzzInputs.text(r, 300)).setPid(r.nextLong())
        .setKindValue(r.nextInt(7) - 1).setAuthToken(FuzzInputs.text(r, 100)).build();
  }

  /** Applies 1 to 8 random edits to the valid stream: flips, overwrites, inserts, deletes, boundary lengths. */
  static byte[] mutate(Random r) {
    byte[] s = validStream();
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits && s.length > 0; e++) {
      int at = r.nextInt(s.length);
      switch (r.nextInt(6)) {
        case 0 -> s[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> s[at] = (byte) r.nextInt(256);
        case 2 -> {
          byte[] junk = new byte[1 + r.nextInt(16)];
          r.nextBytes(junk);
          s = concat(concat(java.util.Arrays.copyOf(s, at), junk), java.util.Arrays.copyOfRange(s, at, s.length));
        }
        case 3 -> s = concat(java.util.Arrays.copyOf(s, at),
            java.util.Arrays.copyOfRange(s, Math.min(s.length, at + 1 + r.nextInt(16)), s.length));
        case 4 -> {
          int[] lengths = {0, 1, 0x7fff_ffff, 0xffff_ffff, IngestFuzzHarness.MAX_FRAME_BYTES,
              IngestFuzzHarness.MAX_FRAME_BYTES + 1, r.nextInt()};
          if (at + 4 <= s.length) {
            ByteBuffer.wrap(s, at, 4).putInt(lengths[r.nextInt(lengths.length)]);
          }
        }
        default -> s = java.util.Arrays.copyOf(s, at); // truncate
      }
    }
    return s;
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
