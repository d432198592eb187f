package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.IngestStats;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.WalState;
import dev.faultline.collector.wal.WalStats;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /healthz} shows the write-ahead log and says "degraded" with a reason while it refuses appends. */
class HealthWalTest {

  @Test
  void refusingWalMakesHealthDegradedWithAReason() {
    AtomicReference<WalStats> stats = new AtomicReference<>(stats(WalState.OPEN, ""));
    StatusRoutes routes = new StatusRoutes(new SeriesStore(60_000, 1 << 20, 10, () -> 0), new AgentLedger(),
        new IngestStats(), 0, stats::get);
    @SuppressWarnings("unchecked")
    Map<String, Object> ok = (Map<String, Object>) routes.health(new ApiRequest("/healthz", 1000));
    assertEquals("ok", ok.get("status"));
    assertEquals("open", ((Map<?, ?>) ok.get("wal")).get("state"));

    stats.set(stats(WalState.REFUSING, "free space 1 MiB below storage minimum"));
    @SuppressWarnings("unchecked")
    Map<String, Object> degraded = (Map<String, Object>) routes.health(new ApiRequest("/healthz", 1000));
    assertEquals("degraded", degraded.get("status"));
    assertTrue(degraded.get("reason").toString().contains("free space"), degraded.toString());
    assertEquals(3L, ((Map<?, ?>) degraded.get("wal")).get("appends_refused"));
  }

  private static WalStats stats(WalState state, String reason) {
    return new WalStats(state, reason, 100, 2, 3, 1, 116, 116, 116, 2, 10, 20, 10, 1);
  }
}
