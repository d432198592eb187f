package dev.faultline.collector.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.live.StoreHistorySource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training and held-out rows of a demo-fleet ramp, written as JSON so that the models can be compared on the
 * same recorded ramp again ({@code bench --perf-demo --demo-replay FILE}) without re-running the fleet: the demo's
 * latency depends on the machine's load at the time, so model variants are only comparable on identical rows.
 *
 * @param heldOutMultiple the held-out rate as a multiple of the training rate
 * @param splitMillis the end of the training phase (the models' "now")
 * @param services per service, its training and held-out rows, in service order
 */
public record DemoRecording(double heldOutMultiple, long splitMillis, List<ServiceRows> services) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One service's rows. */
  public record ServiceRows(String service, List<FeatureSpec> features, List<Row> train, List<Row> held) {}

  /** One row of a {@link ServiceHistory}. */
  public record Row(long timestampMillis, double rate, double[] features, double p50, double p99) {}

  /**
   * Training and held-out histories per service, in recorded order. The features' kinds are those the collector
   * gives them now ({@link StoreHistorySource#currentSpec}), so that a recording made before a change of kind is
   * replayed as the live trainer would see it.
   */
  public Map<String, ServiceHistory[]> histories() {
    Map<String, ServiceHistory[]> out = new LinkedHashMap<>();
    for (ServiceRows s : services) {
      out.put(s.service(), new ServiceHistory[] {history(s, s.train()), history(s, s.held())});
    }
    return out;
  }

  /** A recording of the given histories ({service: {train, held}}). */
  public static DemoRecording of(double heldOutMultiple, long splitMillis, Map<String, ServiceHistory[]> histories) {
    List<ServiceRows> services = new ArrayList<>();
    histories.forEach((service, h) -> services.add(new ServiceRows(service, h[0].features(), rows(h[0]),
        rows(h[1]))));
    return new DemoRecording(heldOutMultiple, splitMillis, services);
  }

  public void write(Path file) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  /** Reads a recording; an unreadable or malformed file is an {@link IOException} naming it. */
  public static DemoRecording read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), DemoRecording.class);
    } catch (IOException e) {
      throw new IOException("cannot read demo recording " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Row> rows(ServiceHistory h) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      rows.add(new Row(h.timestampMillis(i), h.requestRate(i), h.featureRow(i), h.p50Millis(i), h.p99Millis(i)));
    }
    return rows;
  }

  private static ServiceHistory history(ServiceRows s, List<Row> rows) {
    ServiceHistory.Builder b = ServiceHistory.builder(s.service(),
        s.features().stream().map(StoreHistorySource::currentSpec).toList());
    rows.forEach(r -> b.add(r.timestampMillis(), r.rate(), r.features(), r.p50(), r.p99()));
    return b.build();
  }
}
