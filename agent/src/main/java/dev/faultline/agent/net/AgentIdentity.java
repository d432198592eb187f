package dev.faultline.agent.net;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.AgentKind;
import dev.faultline.proto.v1.Hello;
import java.util.Objects;
import java.util.UUID;

/**
 * Who this agent run is, as told in every {@code Hello}. The agent id is random per run; sequence numbers and the
 * collector's de-duplication are keyed by it. {@link #toString()} never shows the token.
 */
public final class AgentIdentity {

  /** The version of this agent build, from the jar manifest; "dev" when run from classes. */
  public static final String AGENT_VERSION = agentVersion();

  private final String agentId;
  private final AgentKind kind;
  private final String service;
  private final String instance;
  private final String host;
  private final String token;
  private final long pid = ProcessHandle.current().pid();
  private final long startTimeMs = System.currentTimeMillis();

  public AgentIdentity(AgentKind kind, String service, String instance, String host, String token) {
    this.agentId = UUID.randomUUID().toString();
    this.kind = Objects.requireNonNull(kind, "kind");
    this.service = Objects.requireNonNull(service, "service");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.host = Objects.requireNonNull(host, "host");
    this.token = Objects.requireNonNull(token, "token");
  }

  /** The handshake frame for this run. */
  public Hello hello() {
    return Hello.newBuilder()
        .setProtocolVersion(Protocol.VERSION)
        .setAgentId(agentId)
        .setService(service)
        .setInstanceId(instance)
        .setHost(host)
        .setPid(pid)
        .setRuntimeVersion(Runtime.version().toString())
        .setAgentVersion(AGENT_VERSION)
        .setAuthToken(token)
        .setKind(kind)
        .setStartTimeUnixMs(startTimeMs)
        .build();
  }

  public String agentId() {
    return agentId;
  }

  public String service() {
    return service;
  }

  public String instance() {
    return instance;
  }

  @Override
  public String toString() {
    return kind + " service=" + service + " instance=" + instance + " host=" + host + " agentId=" + agentId;
  }

  private static String agentVersion() {
    String v = AgentIdentity.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
