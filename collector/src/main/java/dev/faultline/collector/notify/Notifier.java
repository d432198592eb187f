package dev.faultline.collector.notify;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.ApiViews;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Sends incident notices to the configured targets.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.open(config, dataDir, System::currentTimeMillis, "http://127.0.0.1:9471/");
 * live.onIncidentChange(notifier::incidentChanged);   // open, update, resolve become notices
 * notifier.reconfigure(newConfig);                     // SIGHUP
 * }</pre>
 *
 * <p>Notices are queued durably in the {@link Outbox}; each target has its own {@link TargetWorker} thread that
 * delivers its backlog (retries with backoff, rate limit), so a slow or dead receiver delays only its own notices.
 * A resolve notice is retried until delivered, across restarts. Deliveries to one target are in order, so a
 * receiver never sees a resolve before the open it follows.
 *
 * <p>De-duplication: a notice whose {@link Notice#fingerprint} equals the last one queued for the same target and
 * incident is not sent (logged as {@code duplicate}); an update still waiting for its first attempt is replaced by a
 * newer update of the same incident rather than queued behind it.
 */
public final class Notifier implements AutoCloseable {

  /** The sub-directory of {@code storage.data-dir} holding the outbox and exec hook output. */
  public static final String DIR = "notifications";

  private static final Logger log = Logger.getLogger(Notifier.class.getName());
  private static final int MAX_FINGERPRINTS = 10_000;

  private final Path dir;
  private final LongSupplier clock;
  private volatile String defaultExternalUrl;
  private final Outbox outbox;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, String> lastFingerprint = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_FINGERPRINTS;
    }
  };
  private final Map<String, TargetWorker> workers = new LinkedHashMap<>();
  private volatile NotificationConfig config;
  private volatile NotificationLog history;
  private volatile Counter outcomes;
  private boolean closed;

  private Notifier(NotificationConfig config, Path dir, LongSupplier clock, String defaultExternalUrl) {
    this.config = config;
    this.dir = dir;
    this.clock = clock;
    this.defaultExternalUrl = defaultExternalUrl;
    this.outbox = Outbox.open(dir);
    this.history = new NotificationLog(config.logSize());
  }

  /**
   * Opens the outbox under {@code dataDir/notifications} and starts a worker per target; pending deliveries from
   * before a restart are resumed, those of targets no longer configured are dropped with a log line.
   *
   * @param defaultExternalUrl the dashboard's address for payload links when {@code external-url} is not set
   */
  public static Notifier open(NotificationConfig config, Path dataDir, LongSupplier clock, String defaultExternalUrl) {
    Notifier n = new Notifier(config, dataDir.resolve(DIR), clock, defaultExternalUrl);
    synchronized (n) {
      n.apply(config);
    }
    int pending = n.outbox.size();
    if (pending > 0) {
      log.info(() -> pending + " notifications pending from before the restart; resuming");
    }
    return n;
  }

  /** Counts outcomes in {@code faultline_notifications_total{target,result}} and the backlog in a gauge. */
  public synchronized void registerMetrics(PrometheusRegistry registry) {
    outcomes = Counter.builder().name("faultline_notifications")
        .help("Notification outcomes by target: delivered, failed_attempt, gave_up, duplicate, dropped")
        .labelNames("target", "result")
        .register(registry);
    GaugeWithCallback.builder().name("faultline_notifications_pending")
        .help("Notifications waiting for delivery (retrying or rate-limited), by target")
        .labelNames("target")
        .callback(cb -> outbox.countByTarget().forEach((t, n) -> cb.call(n, t)))
        .register(registry);
  }

  /** An incident changed (the live analysis hook): queues a notice when the change is news. */
  public void incidentChanged(Incident before, Incident after) {
    Notice n = IncidentNotices.classify(before, before == null ? null : ApiViews.incident(before), after,
        ApiViews.incident(after), clock.getAsLong());
    if (n != null) {
      notify(n);
    }
  }

  /** Queues {@code notice} for every target that takes its event (durably, before returning). */
  public synchronized void notify(Notice notice) {
    if (closed) {
      return;
    }
    long now = clock.getAsLong();
    for (TargetConfig t : config.targets()) {
      if (!t.events().contains(notice.event())) {
        continue;
      }
      String key = t.name() + "/" + notice.incidentId();
      if (notice.fingerprint().equals(lastFingerprint.get(key))) {
        history.duplicate(t.name(), notice, now);
        count(t.name(), "duplicate");
        continue;
      }
      lastFingerprint.put(key, notice.fingerprint());
      Delivery waiting = notice.event() == NotifyEvent.UPDATE ? waitingUpdate(t.name(), notice.incidentId()) : null;
      Delivery d;
      if (waiting != null) {
        d = waiting.withNotice(notice);
        outbox.put(d);
      } else {
        d = outbox.add(t.name(), notice, now);
      }
      history.record(d, NotificationLog.Status.PENDING, now);
      TargetWorker w = workers.get(t.name());
      if (w != null) {
        w.wake();
      }
    }
  }

  private Delivery waitingUpdate(String target, String incidentId) {
    List<Delivery> same = outbox.list(d -> d.target().equals(target) && d.notice().incidentId().equals(incidentId)
        && d.notice().event() == NotifyEvent.UPDATE && d.attempts() == 0);
    return same.isEmpty() ? null : same.get(same.size() - 1);
  }

  /** Swaps targets and settings (SIGHUP): unchanged targets keep their worker and backlog. */
  public synchronized void reconfigure(NotificationConfig newConfig) {
    Objects.requireNonNull(newConfig, "newConfig");
    if (closed) {
      return;
    }
    if (newConfig.logSize() != config.logSize()) {
      history = new NotificationLog(newConfig.logSize());
    }
    config = newConfig;
    apply(newConfig);
  }

  /** Starts, keeps or stops workers to match {@code c}; drops the backlog of targets that are gone. */
  private void apply(NotificationConfig c) {
    Map<String, TargetConfig> wanted = new LinkedHashMap<>();
    c.targets().forEach(t -> wanted.put(t.name(), t));
    for (String name : List.copyOf(workers.keySet())) {
      TargetWorker w = workers.get(name);
      if (!w.targetConfig().equals(wanted.get(name))) {
        w.stop();
        workers.remove(name);
      } else {
        w.settings(c);
      }
    }
    for (Delivery d : outbox.dropTargetsOtherThan(wanted.keySet())) {
      log.warning(() -> "notification target " + d.target() + " is no longer configured; dropped its "
          + d.notice().event().word() + " notice for " + d.notice().incidentId());
      history.record(d, NotificationLog.Status.DROPPED, clock.getAsLong());
      count(d.target(), "dropped");
    }
    for (TargetConfig t : c.targets()) {
      if (!workers.containsKey(t.name())) {
        Target target = t.type() == TargetConfig.Type.EXEC ? new ExecTarget(t, dir, this::externalUrl, clock)
            : new WebhookTarget(t, http, this::externalUrl, clock);
        TargetWorker w = new TargetWorker(target, c, outbox, () -> history, this::count, clock);
        workers.put(t.name(), w);
        w.start();
      }
    }
  }

  /** The {@code GET /api/v1/notifications} body: targets, pending count, latest entries (newest first). */
  public Map<String, Object> view(String incident, int limit) {
    NotificationConfig c = config;
    List<Map<String, Object>> targets = new ArrayList<>();
    Map<String, Integer> pending = outbox.countByTarget();
    for (TargetConfig t : c.targets()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", t.name());
      v.put("type", t.type().word());
      v.put("destination", t.destination());
      v.put("events", t.events().stream().map(NotifyEvent::word).sorted().collect(Collectors.toList()));
      v.put("pending", pending.getOrDefault(t.name(), 0));
      targets.add(v);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("targets", targets);
    body.put("pending", outbox.size());
    body.put("notifications", history.list(incident, limit));
    return body;
  }

  /** The dashboard address used in payload links when {@code notifications.external-url} is not set. */
  public void defaultExternalUrl(String url) {
    this.defaultExternalUrl = Objects.requireNonNull(url, "url");
  }

  private String externalUrl() {
    String configured = config.externalUrl();
    return configured.isEmpty() ? defaultExternalUrl : configured;
  }

  /** The current settings. */
  public NotificationConfig config() {
    return config;
  }

  private void count(String target, String result) {
    Counter c = outcomes;
    if (c != null) {
      c.labelValues(target, result).inc();
    }
  }

  /** Stops the workers; pending deliveries stay in the outbox for the next start. */
  @Override
  public void close() {
    List<TargetWorker> stopping;
    synchronized (this) {
      closed = true;
      stopping = new ArrayList<>(workers.values());
      workers.clear();
    }
    stopping.forEach(TargetWorker::stop);
    stopping.forEach(TargetWorker::join);
    outbox.close();
  }
}
