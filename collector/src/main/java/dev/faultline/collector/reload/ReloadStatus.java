package dev.faultline.collector.reload;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of the latest reload, for {@code /healthz} ({@code config}) and {@code /metrics}. Thread-safe. */
public final class ReloadStatus {

  private long succeeded;
  private long failed;
  private boolean lastOk = true;
  private long lastMillis;
  private long lastSuccessMillis;
  private List<String> reloaded = List.of();
  private List<String> needsRestart = List.of();
  private String error;

  synchronized void success(long nowMillis, List<String> reloaded, List<String> needsRestart) {
    succeeded++;
    lastOk = true;
    lastMillis = nowMillis;
    lastSuccessMillis = nowMillis;
    this.reloaded = List.copyOf(reloaded);
    this.needsRestart = List.copyOf(needsRestart);
    this.error = null;
  }

  synchronized void failure(long nowMillis, String error) {
    failed++;
    lastOk = false;
    lastMillis = nowMillis;
    this.error = error;
  }

  public synchronized long succeeded() {
    return succeeded;
  }

  public synchronized long failed() {
    return failed;
  }

  /** The {@code config} block of {@code /healthz}. */
  public synchronized Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("reloads", succeeded);
    v.put("reloads_failed", failed);
    v.put("last_reload_at", lastMillis == 0 ? null : Instant.ofEpochMilli(lastMillis).toString());
    v.put("last_reload_ok", lastOk);
    v.put("reloaded", reloaded);
    v.put("needs_restart", needsRestart);
    v.put("error", error);
    return v;
  }

  /** {@code faultline_config_reloads_total{result}} and {@code faultline_config_last_reload_successful}. */
  public void registerMetrics(PrometheusRegistry registry) {
    CounterWithCallback.builder().name("faultline_config_reloads")
        .help("Configuration reloads (SIGHUP) by result: ok, or failed (the running configuration was kept)")
        .labelNames("result")
        .callback(cb -> {
          cb.call(succeeded(), "ok");
          cb.call(failed(), "failed");
        })
        .register(registry);
    GaugeWithCallback.builder().name("faultline_config_last_reload_successful")
        .help("1 if the latest reload succeeded (or none was tried), 0 if it failed")
        .callback(cb -> {
          synchronized (this) {
            cb.call(lastOk ? 1 : 0);
          }
        })
        .register(registry);
  }
}
