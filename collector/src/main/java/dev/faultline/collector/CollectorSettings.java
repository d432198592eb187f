package dev.faultline.collector;

import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.notify.NotificationConfig;
import dev.faultline.collector.security.SecurityConfig;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link Collector#start} needs: one value per section of the config file, and the embedder's own
 * downstream sinks. Sections not given keep their defaults (detection and root-cause defaults, no TLS or tokens,
 * no notifications, a single node, no extra sinks):
 *
 * <pre>{@code
 * Collector.start(CollectorSettings.of(config));
 * Collector.start(CollectorSettings.builder(config).security(securityConfig).downstream(List.of(sink)).build());
 * }</pre>
 *
 * @param config the {@code collector:}, {@code storage:} and {@code metrics:} settings
 * @param live live analysis (the {@code detection:} section)
 * @param rca root-cause analysis (the {@code rca:} section)
 * @param security TLS and tokens (the {@code security:} section)
 * @param notifications incident notifications (the {@code notifications:} section)
 * @param cluster the node's roles and its Kafka cluster (the {@code cluster:} section)
 * @param downstream where every applied batch goes after the store, in order, before the agent gets its ack (for
 *     example a detector queue); the detection queue is added after them
 */
public record CollectorSettings(CollectorConfig config, LiveConfig live, RcaConfig rca, SecurityConfig security,
    NotificationConfig notifications, ClusterConfig cluster, List<BatchSink> downstream) {

  public CollectorSettings {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(rca, "rca");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(notifications, "notifications");
    Objects.requireNonNull(cluster, "cluster");
    downstream = List.copyOf(downstream);
  }

  /** {@code config} with every other section at its default. */
  public static CollectorSettings of(CollectorConfig config) {
    return builder(config).build();
  }

  public static Builder builder(CollectorConfig config) {
    return new Builder(config);
  }

  /** Starts from {@link CollectorSettings#of}'s defaults; each setter replaces one section. */
  public static final class Builder {
    private final CollectorConfig config;
    private LiveConfig live = LiveConfig.defaults();
    private RcaConfig rca = RcaConfig.defaults();
    private SecurityConfig security = SecurityConfig.none();
    private NotificationConfig notifications = NotificationConfig.none();
    private ClusterConfig cluster = ClusterConfig.single();
    private List<BatchSink> downstream = List.of();

    private Builder(CollectorConfig config) {
      this.config = config;
    }

    public Builder live(LiveConfig v) {
      live = v;
      return this;
    }

    public Builder rca(RcaConfig v) {
      rca = v;
      return this;
    }

    public Builder security(SecurityConfig v) {
      security = v;
      return this;
    }

    public Builder notifications(NotificationConfig v) {
      notifications = v;
      return this;
    }

    public Builder cluster(ClusterConfig v) {
      cluster = v;
      return this;
    }

    public Builder downstream(List<BatchSink> v) {
      downstream = v;
      return this;
    }

    public CollectorSettings build() {
      return new CollectorSettings(config, live, rca, security, notifications, cluster, downstream);
    }
  }
}
