package dev.faultline.collector.query;

import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.AgentSession;
import dev.faultline.collector.ingest.IngestStats;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.store.SeriesStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import dev.faultline.collector.wal.WalState;
import dev.faultline.collector.wal.WalStats;

/** {@code /healthz} and {@code /api/v1/agents}: the collector's own state. */
public final class StatusRoutes {

  private final SeriesStore store;
  private final AgentLedger ledger;
  private final IngestStats ingest;
  private final long startedMillis;
  private final Supplier<WalStats> wal;
  private final Map<String, Supplier<Object>> sections = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Supplier<String>> degradedChecks = new java.util.concurrent.CopyOnWriteArrayList<>();

  public StatusRoutes(SeriesStore store, AgentLedger ledger, IngestStats ingest, long startedMillis) {
    this(store, ledger, ingest, startedMillis, null);
  }

  /** @param wal the write-ahead log's stats, or null when it is off ({@code storage.wal: false}) */
  public StatusRoutes(SeriesStore store, AgentLedger ledger, IngestStats ingest, long startedMillis,
      Supplier<WalStats> wal) {
    this.store = store;
    this.ledger = ledger;
    this.ingest = ingest;
    this.startedMillis = startedMillis;
    this.wal = wal;
  }

  /** Adds a check to {@code /healthz}: while it returns a reason, the status is "degraded" with that reason. */
  public StatusRoutes degradedWhen(Supplier<String> reason) {
    degradedChecks.add(reason);
    return this;
  }

  /** Adds a block {@code name} to {@code /healthz}, read at each request (e.g. {@code config}: the last reload). */
  public StatusRoutes section(String name, Supplier<Object> block) {
    sections.put(name, block);
    return this;
  }

  public Router register(Router router) {
    return router.get("/healthz", List.of(), this::health).get("/api/v1/agents", List.of(), this::agents);
  }

  Object health(ApiRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("started", Instant.ofEpochMilli(startedMillis).toString());
    body.put("uptime_seconds", (request.nowMillis() - startedMillis) / 1000);
    body.put("agents_connected", ledger.sessions().stream().filter(AgentSession::isConnected).count());
    body.put("series", store.seriesCount());
    body.put("samples_stored", store.samplesStored());
    body.put("samples_skipped_not_newer", store.samplesSkipped());
    body.put("batches_applied", ingest.batchesApplied());
    body.put("batches_duplicate", ingest.batchesDuplicate());
    body.put("rejections", ingest.rejections().snapshot());
    body.put("rejections_by_limit", ingest.rejections().byLimit());
    if (wal == null) {
      body.put("wal", Map.of("enabled", false));
    } else {
      WalStats w = wal.get();
      if (w.state() == WalState.REFUSING) {
        body.put("status", "degraded");
        body.put("reason", "write-ahead log refuses appends (" + w.refusingReason()
            + "); batches are rejected as UNAVAILABLE and agents keep them");
      }
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("enabled", true);
      v.put("state", w.state().name().toLowerCase(java.util.Locale.ROOT));
      v.put("refusing_reason", w.refusingReason());
      v.put("records_written", w.recordsWritten());
      v.put("bytes_written", w.bytesWritten());
      v.put("appends_refused", w.appendsRefused());
      v.put("segments", w.segments());
      v.put("disk_bytes", w.diskBytes());
      v.put("end_lsn", w.endLsn());
      v.put("durable_lsn", w.durableLsn());
      v.put("fsyncs", w.fsyncs());
      v.put("fsync_mean_micros", w.fsyncMeanMicros());
      v.put("fsync_max_micros", w.fsyncMaxMicros());
      body.put("wal", v);
    }
    for (Supplier<String> check : degradedChecks) {
      String reason = check.get();
      if (reason != null && !"degraded".equals(body.get("status"))) {
        body.put("status", "degraded");
        body.put("reason", reason);
      }
    }
    new java.util.TreeMap<>(sections).forEach((name, block) -> body.put(name, block.get()));
    return body;
  }

  Object agents(ApiRequest request) {
    List<AgentView> result = new ArrayList<>();
    for (AgentSession s : ledger.sessions()) {
      AgentInfo a = s.info();
      if (a != null) {
        result.add(new AgentView(a.agentId(), a.kind(), a.service(), a.instance(), a.host(), a.pid(),
            a.agentVersion(), a.runtimeVersion(), s.isConnected(), Instant.ofEpochMilli(s.connectedAtMillis()).toString(),
            Instant.ofEpochMilli(s.lastSeenMillis()).toString(), s.lastSequence(), s.droppedBatches()));
      }
    }
    result.sort(Comparator.comparing(AgentView::agentId));
    return Map.of("agents", result);
  }

  record AgentView(String agentId, String kind, String service, String instance, String host, long pid,
      String agentVersion, String runtimeVersion, boolean connected, String connectedAt, String lastSeen,
      long lastSequence, long droppedBatches) {}
}
