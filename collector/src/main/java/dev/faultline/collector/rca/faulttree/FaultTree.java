package dev.faultline.collector.rca.faulttree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, validated fault tree: a top event, AND/OR gates and basic events. Every gate input names a gate or a
 * basic event; the gates form a directed acyclic graph under the top event; probabilities are in [0, 1].
 *
 * @param name tree name
 * @param top id of the top event (a gate or a basic event)
 * @param gates gates by id
 * @param basicEvents basic events by id
 */
public record FaultTree(String name, String top, Map<String, Gate> gates, Map<String, BasicEvent> basicEvents) {

  /** Gate type. */
  public enum GateType { AND, OR }

  /** A gate: occurs when all (AND) or any (OR) of its inputs occur. */
  public record Gate(String id, GateType type, List<String> inputs) {
    public Gate {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type of gate " + id);
      inputs = List.copyOf(inputs);
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("gate " + id + " has no inputs");
      }
    }
  }

  /**
   * A basic event with a prior probability, bound to a detector condition on a series.
   *
   * @param id event id
   * @param probability prior probability in [0, 1]
   * @param condition when it is observed; null = never observed (probability only)
   * @param description free text
   */
  public record BasicEvent(String id, double probability, Condition condition, String description) {
    public BasicEvent {
      Objects.requireNonNull(id, "id");
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("basic event " + id + ": probability must be in [0, 1], was " + probability);
      }
    }
  }

  /**
   * Detector condition: the robust change of {@code service/metric} against its baseline is at least {@code
   * minChange} spreads in {@code direction} ("up", "down" or "any"). {@code service} "*" = any service.
   */
  public record Condition(String service, String metric, double minChange, String direction) {
    public Condition {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(metric, "metric");
      direction = direction == null ? "up" : direction;
      if (!Set.of("up", "down", "any").contains(direction)) {
        throw new IllegalArgumentException("direction must be up, down or any, was " + direction);
      }
      if (!(minChange > 0)) {
        throw new IllegalArgumentException("min_change must be > 0, was " + minChange);
      }
    }
  }

  public FaultTree {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(top, "top");
    gates = Map.copyOf(new TreeMap<>(gates));
    basicEvents = Map.copyOf(new TreeMap<>(basicEvents));
    for (String id : gates.keySet()) {
      if (basicEvents.containsKey(id)) {
        throw new IllegalArgumentException("tree " + name + ": id " + id + " is both a gate and a basic event");
      }
    }
    if (!gates.containsKey(top) && !basicEvents.containsKey(top)) {
      throw new IllegalArgumentException("tree " + name + ": top event " + top + " is not defined");
    }
    for (Gate g : gates.values()) {
      for (String in : g.inputs()) {
        if (!gates.containsKey(in) && !basicEvents.containsKey(in)) {
          throw new IllegalArgumentException("tree " + name + ": gate " + g.id() + " input " + in + " is not defined");
        }
      }
    }
    checkAcyclic(name, top, gates, new HashSet<>(), new ArrayList<>());
  }

  private static void checkAcyclic(String name, String id, Map<String, Gate> gates, Set<String> done,
      List<String> stack) {
    if (!gates.containsKey(id) || done.contains(id)) {
      return;
    }
    if (stack.contains(id)) {
      throw new IllegalArgumentException("tree " + name + ": cycle through gate " + id);
    }
    stack.add(id);
    for (String in : gates.get(id).inputs()) {
      checkAcyclic(name, in, gates, done, stack);
    }
    stack.remove(stack.size() - 1);
    done.add(id);
  }
}
