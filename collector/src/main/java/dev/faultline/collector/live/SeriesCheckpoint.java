package dev.faultline.collector.live;

import dev.faultline.collector.detect.MetricKind;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.detect.config.DetectorRule;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The bytes of one series' detector checkpoint: its pipeline's flat state ({@link
 * dev.faultline.collector.detect.FlatDetector}: two primitive arrays, the seasonal profile included), a counter's
 * last total and the alert it has open. The entity (clustering) state is not in it: trained models are rebuilt from
 * the recent points on a restore, as before checkpoints existed.
 *
 * <pre>
 * version u8 = 1, pipeline fingerprint (long, CRC-32 of the rule or metric kind and the state sizes),
 * doubles count (int), doubles, bytes count (int), bytes, counter last total (double), its time (long),
 * alert: open (bool), opened at ms (long), peak score (double), last point ms (long)
 * </pre>
 *
 * A checkpoint restores only into the same pipeline: a node whose {@code detection:} rules differ for the metric
 * (another release's defaults, an edited rule) finds another fingerprint and rebuilds that series from its points.
 */
final class SeriesCheckpoint {

  private static final int VERSION = 1;

  private SeriesCheckpoint() {}

  static byte[] encode(SeriesState state, DetectionConfig config) {
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + state.checkpointBytes());
    out.put((byte) VERSION);
    out.putLong(fingerprint(config, state));
    state.writeTo(out);
    return out.array();
  }

  /**
   * Restores {@code checkpoint} into the fresh {@code state}, covering the points up to {@code upToMillis}.
   *
   * @throws IOException when the checkpoint is damaged, of an unknown version, or of another pipeline
   */
  static void restore(byte[] checkpoint, SeriesState state, DetectionConfig config, long upToMillis)
      throws IOException {
    try {
      ByteBuffer in = ByteBuffer.wrap(checkpoint);
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new IOException("unknown detector checkpoint version " + version);
      }
      if (in.getLong() != fingerprint(config, state)) {
        throw new IOException("written for another detection pipeline");
      }
      state.restore(in, upToMillis);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException("damaged detector checkpoint: " + e, e);
    }
  }

  /** Which pipeline a state belongs to: the matching rule (or the metric's kind) and the state's sizes. */
  private static long fingerprint(DetectionConfig config, SeriesState state) {
    DetectorRule rule = config.ruleFor(state.key.metric());
    String pipeline = (rule != null ? rule.toString() : "kind " + MetricKind.infer(state.key.metric()))
        + " doubles " + state.doubles() + " bytes " + state.byteCount() + (state.counter() ? " counter" : "");
    CRC32 crc = new CRC32();
    crc.update(pipeline.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
