package dev.faultline.collector.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether a handshake's token admits the agent. With no tokens configured every agent is admitted (the
 * collector then relies on its bind address and TLS); otherwise the {@code Hello.auth_token} must equal one of
 * the configured tokens, and when that token is bound to services, the agent's service must be one of them.
 * Immutable and thread-safe. Reasons never contain a token.
 */
public final class AgentAuthenticator {

  private static final AgentAuthenticator OPEN = new AgentAuthenticator(List.of(), false);

  private volatile List<Entry> entries;
  private final boolean swappable;

  private AgentAuthenticator(List<Entry> entries, boolean swappable) {
    this.entries = List.copyOf(entries);
    this.swappable = swappable;
  }

  /**
   * A copy whose tokens a configuration reload may {@link #swap} while connections use it (token rotation on
   * SIGHUP); every check reads the token list once, so it sees either the old or the new list.
   */
  public static AgentAuthenticator swappable(AgentAuthenticator initial) {
    return new AgentAuthenticator(initial.entries, true);
  }

  /** Takes {@code next}'s tokens from the next check on. */
  public void swap(AgentAuthenticator next) {
    if (!swappable) {
      throw new IllegalStateException("not swappable: create it with AgentAuthenticator.swappable");
    }
    entries = next.entries;
  }

  /** Whether {@code other} admits exactly the same tokens for the same services (a reload that changes nothing). */
  public boolean sameAs(AgentAuthenticator other) {
    List<Entry> a = entries;
    List<Entry> b = other.entries;
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Entry x = a.get(i);
      Entry y = b.get(i);
      if (!x.name.equals(y.name) || !x.services.equals(y.services) || !java.util.Arrays.equals(x.token, y.token)) {
        return false;
      }
    }
    return true;
  }

  /** How many tokens admit, for log lines (never the tokens). */
  public int size() {
    return entries.size();
  }

  /** Admits every agent. */
  public static AgentAuthenticator open() {
    return OPEN;
  }

  /**
   * Reads every token now.
   *
   * @throws dev.faultline.collector.config.ConfigException naming the entry whose token cannot be read
   */
  public static AgentAuthenticator load(List<AgentTokenSpec> specs, Function<String, String> environment) {
    List<Entry> entries = new ArrayList<>();
    for (AgentTokenSpec spec : specs) {
      entries.add(new Entry(spec.name(), Tokens.bytes(spec.source().read(environment)), spec.services()));
    }
    return new AgentAuthenticator(entries, false);
  }

  /** Whether tokens are required at all. */
  public boolean enabled() {
    return !entries.isEmpty();
  }

  /**
   * Checks one handshake.
   *
   * @param token {@code Hello.auth_token}, empty when none was sent
   * @param service {@code Hello.service}, empty for a host probe
   * @return null when admitted, else the reason for the agent and the log (without the token)
   */
  public String refusal(String token, String service) {
    List<Entry> entries = this.entries; // one list for the whole check, even during a swap
    if (entries.isEmpty()) {
      return null;
    }
    if (token.isEmpty()) {
      return "this collector requires an agent token and none was sent; configure the agent's token-file "
          + "(or token) with a token from the collector's security.agent-tokens";
    }
    Entry match = null;
    for (Entry e : entries) { // all compared, constant time each: no early exit that timing could reveal
      if (Tokens.same(token, e.token) && match == null) {
        match = e;
      }
    }
    if (match == null) {
      return "the agent's token is not one of this collector's agent tokens";
    }
    if (!match.services.isEmpty() && !match.services.contains(service)) {
      return "token '" + match.name + "' does not admit " + (service.isEmpty() ? "host probes (no service)"
          : "service '" + service + "'") + "; it admits " + match.services;
    }
    return null;
  }

  private record Entry(String name, byte[] token, Set<String> services) {}
}
