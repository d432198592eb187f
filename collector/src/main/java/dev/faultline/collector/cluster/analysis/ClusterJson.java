package dev.faultline.collector.cluster.analysis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON of the anomalies, incidents and topology topics (Jackson; records as they are). */
final class ClusterJson {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // derived getters (isOpen, top)

  private ClusterJson() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** @throws IllegalArgumentException for bytes that are not a {@code type} */
  static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
