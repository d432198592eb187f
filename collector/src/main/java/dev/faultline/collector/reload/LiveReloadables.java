package dev.faultline.collector.reload;

import dev.faultline.collector.config.ConfigLoader;
import dev.faultline.collector.live.LiveAnalysis;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.notify.NotificationConfig;
import dev.faultline.collector.notify.Notifier;
import java.util.ArrayList;
import java.util.List;

/** The collector's built-in reloadable parts: detector rules and thresholds, notification settings and targets. */
public final class LiveReloadables {

  private LiveReloadables() {}

  /**
   * {@code detection.rules} (detectors and alert thresholds per metric) reload: each series' detector is rebuilt
   * from its next batch, closing its open anomaly. The other {@code detection.*} keys (threads, bounds, grouping
   * times) need a restart and are named as such.
   */
  public static Reloadable detection(LiveAnalysis live) {
    return new Reloadable() {
      private LiveConfig applied = live.config();

      @Override
      public Plan prepare(java.nio.file.Path file) {
        LiveConfig next = LiveConfig.fromMap(ConfigLoader.section(file, LiveConfig.SECTION));
        List<String> restart = restartKeys(live.config(), next);
        if (next.detection().equals(applied.detection())) {
          return new Plan(List.of(), restart, () -> { });
        }
        return new Plan(List.of("detection.rules (" + next.detection().rules().size() + " rules)"), restart, () -> {
          live.reconfigure(next.detection());
          applied = next;
        });
      }
    };
  }

  /** The whole {@code notifications:} section reloads: targets, retry, rate limit, log size, external URL. */
  public static Reloadable notifications(Notifier notifier) {
    return file -> {
      NotificationConfig next = NotificationConfig.fromMap(ConfigLoader.section(file, NotificationConfig.SECTION));
      if (next.equals(notifier.config())) {
        return Reloadable.Plan.unchanged();
      }
      return new Reloadable.Plan(List.of("notifications (" + next.targets().size() + " targets)"), List.of(),
          () -> notifier.reconfigure(next));
    };
  }

  static List<String> restartKeys(LiveConfig running, LiveConfig next) {
    List<String> keys = new ArrayList<>();
    String s = LiveConfig.SECTION + ".";
    if (running.enabled() != next.enabled()) keys.add(s + "enabled");
    if (running.workers() != next.workers()) keys.add(s + "workers");
    if (running.queueBatches() != next.queueBatches()) keys.add(s + "queue-batches");
    if (running.maxSeries() != next.maxSeries()) keys.add(s + "max-series");
    if (running.maxAnomalies() != next.maxAnomalies()) keys.add(s + "max-anomalies");
    if (running.maxIncidents() != next.maxIncidents()) keys.add(s + "max-incidents");
    if (!running.incidentWindow().equals(next.incidentWindow())) keys.add(s + "incident-window");
    if (!running.quietPeriod().equals(next.quietPeriod())) keys.add(s + "quiet-period");
    if (!running.edgeTtl().equals(next.edgeTtl())) keys.add(s + "edge-ttl");
    if (running.maxSubscribers() != next.maxSubscribers()) keys.add(s + "max-subscribers");
    if (!running.entity().equals(next.entity())) keys.add(s + "entity");
    return keys;
  }
}
