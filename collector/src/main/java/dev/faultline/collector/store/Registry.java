package dev.faultline.collector.store;

import dev.faultline.collector.model.AgentInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who reports: services with their instances, and hosts, each with the time last seen. Fed from the identity
 * of every applied batch; read by the query API.
 */
public final class Registry {

  private final Map<String, Map<String, Instance>> services = new ConcurrentHashMap<>();
  private final Map<String, Host> hosts = new ConcurrentHashMap<>();

  /** Records that {@code agent} reported at {@code nowMillis}. */
  void observe(AgentInfo agent, long nowMillis) {
    if (!agent.service().isEmpty()) {
      services.computeIfAbsent(agent.service(), s -> new ConcurrentHashMap<>())
          .put(agent.instance(), new Instance(agent.instance(), agent.host(), agent.pid(), agent.agentVersion(),
              agent.runtimeVersion(), nowMillis));
    }
    if (!agent.host().isEmpty()) {
      hosts.compute(agent.host(), (h, old) -> new Host(h, nowMillis,
          old != null && old.hasHostProbe() || agent.kind().equals("host_probe")));
    }
  }

  /** Puts back an instance of {@code service} from a snapshot. */
  public void restore(String service, Instance instance) {
    services.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(instance.instance(), instance);
  }

  /** Puts back a host from a snapshot. */
  public void restore(Host host) {
    hosts.put(host.host(), host);
  }

  /** Forgets instances, services and hosts last seen before {@code cutoffMillis}. */
  void forgetNotSeenSince(long cutoffMillis) {
    services.values().forEach(instances -> instances.values().removeIf(i -> i.lastSeenMillis() < cutoffMillis));
    services.values().removeIf(Map::isEmpty);
    hosts.values().removeIf(h -> h.lastSeenMillis() < cutoffMillis);
  }

  /** Services sorted by name, instances sorted by id. */
  public List<Service> services() {
    List<Service> result = new ArrayList<>();
    services.forEach((name, instances) -> {
      List<Instance> list = new ArrayList<>(instances.values());
      list.sort(Comparator.comparing(Instance::instance));
      result.add(new Service(name, list));
    });
    result.sort(Comparator.comparing(Service::name));
    return result;
  }

  /** Hosts sorted by name. */
  public List<Host> hosts() {
    List<Host> result = new ArrayList<>(hosts.values());
    result.sort(Comparator.comparing(Host::host));
    return result;
  }

  public record Service(String name, List<Instance> instances) {}

  public record Instance(String instance, String host, long pid, String agentVersion, String runtimeVersion,
      long lastSeenMillis) {}

  /** @param hasHostProbe whether a stand-alone host probe reports for it */
  public record Host(String host, long lastSeenMillis, boolean hasHostProbe) {}
}
