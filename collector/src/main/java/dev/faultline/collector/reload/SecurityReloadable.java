package dev.faultline.collector.reload;

import dev.faultline.collector.config.ConfigLoader;
import dev.faultline.collector.security.AgentAuthenticator;
import dev.faultline.collector.security.QueryAuthenticator;
import dev.faultline.collector.security.Security;
import dev.faultline.collector.security.SecurityConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Agent and query tokens reload on SIGHUP: the {@code security:} section is read again and every token file and
 * variable it names is read again too, so rotating a token is "write the new file, {@code systemctl reload}".
 * Open connections keep the admission they had; new handshakes and requests see the new tokens. TLS certificates
 * and keys are bound to the listening sockets and need a restart (named as such).
 */
public final class SecurityReloadable implements Reloadable {

  private final Security running;
  private final Function<String, String> environment;
  private final java.util.function.UnaryOperator<SecurityConfig> completing;
  private SecurityConfig applied;

  public SecurityReloadable(Security running, SecurityConfig started, Function<String, String> environment) {
    this(running, started, environment, c -> c);
  }

  /**
   * @param completing adds what the node admits beyond the file's section (a cluster's internal token), to the
   *     section as read at each reload
   */
  public SecurityReloadable(Security running, SecurityConfig started, Function<String, String> environment,
      java.util.function.UnaryOperator<SecurityConfig> completing) {
    this.running = Objects.requireNonNull(running, "running");
    this.applied = Objects.requireNonNull(started, "started");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.completing = Objects.requireNonNull(completing, "completing");
  }

  @Override
  public Plan prepare(Path file) {
    SecurityConfig next = SecurityConfig.fromMap(ConfigLoader.section(file, SecurityConfig.SECTION));
    SecurityConfig admitted = completing.apply(next);
    // Read now, so that an unreadable token file fails the whole reload before anything changes.
    AgentAuthenticator agents = AgentAuthenticator.load(next.agentTokens(), environment);
    QueryAuthenticator queries = QueryAuthenticator.load(admitted.queryTokens(), environment);
    List<String> restart = new ArrayList<>();
    if (!Objects.equals(applied.ingestTls(), next.ingestTls())) {
      restart.add(SecurityConfig.SECTION + ".ingest-tls");
    }
    if (!Objects.equals(applied.queryTls(), next.queryTls())) {
      restart.add(SecurityConfig.SECTION + ".query-tls");
    }
    List<String> reloaded = new ArrayList<>();
    if (!agents.sameAs(running.agents())) {
      reloaded.add(SecurityConfig.SECTION + ".agent-tokens (" + agents.size() + ")");
    }
    if (!queries.sameAs(running.queries())) {
      reloaded.add(SecurityConfig.SECTION + ".query-tokens (" + queries.size() + ")");
    }
    return new Plan(reloaded, restart, () -> {
      running.agents().swap(agents);
      running.queries().swap(queries);
      applied = next;
    });
  }
}
