package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The map behind a JDK HttpServer request's {@link Headers}, so that the propagation headers are two hash lookups
 * with constant keys instead of a scan over every header name.
 *
 * <p>Why: {@code Headers.getFirst(name)} normalises the name it is given into a new String on every call (JDK 17
 * and 25), an allocation per request, so the scope used to iterate the key set and compare each name; that
 * iteration was the largest single cost of an instrumented request (~25-30 ns of ~140 ns, mostly walking the
 * HashMap's empty slots). The map's keys are already normalised (first letter upper case, the rest lower case:
 * {@value #TRACEPARENT_KEY}), so a lookup with the normalised constant finds the same entry {@code getFirst}
 * would, without allocating.
 *
 * <p>Reaching the map needs the package-private field {@code Headers.map}, and for the request headers the JDK
 * server hands out ({@code sun.net.httpserver.UnmodifiableHeaders}) its private {@code headers} copy: the agent
 * opens both packages of {@code jdk.httpserver} to itself at installation ({@link #open}, through
 * {@code Instrumentation.redefineModule}, no command-line flag). Where that is not possible (no such fields in
 * this JDK, a {@code Headers} subclass of the application's), {@link #of} answers null and the caller scans.
 */
final class RequestHeaderMaps {

  static final String TRACEPARENT_KEY = "Traceparent";
  static final String CALLER_KEY = "X-faultline-caller";
  /** {@code x-faultline-service} as {@code Headers} normalises it. */
  static final String SERVICE_KEY = "X-faultline-service";

  // Set by open() before the hook is published (Hooks' volatile field); until then Fields is left uninitialised,
  // so that it resolves after the packages are open whatever ran first in this JVM.
  private static boolean opened;

  private RequestHeaderMaps() {}

  /** Opens {@code com.sun.net.httpserver} and {@code sun.net.httpserver} to the agent's module. Never throws. */
  static void open(Instrumentation instrumentation) {
    try {
      // By name, not Headers.class: no jdk.httpserver class loads at start-up in applications that never use it.
      Module server = ModuleLayer.boot().findModule("jdk.httpserver").orElse(null);
      if (server == null) {
        return;
      }
      Set<Module> agent = Set.of(RequestHeaderMaps.class.getModule());
      instrumentation.redefineModule(server, Set.of(), Map.of(), Map.of("com.sun.net.httpserver", agent,
          "sun.net.httpserver", agent), Set.of(), Map.of());
      opened = true;
    } catch (Throwable t) {
      // Left closed: of() answers null and the scope scans the names.
    }
  }

  /** The name-to-values map of {@code headers}, keys normalised by {@code Headers}; null when not reachable. */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> of(Headers headers) {
    if (!opened || Fields.MAP == null) {
      return null;
    }
    Class<?> type = headers.getClass();
    Headers plain = headers;
    if (type == Fields.UNMODIFIABLE) {
      plain = (Headers) Fields.WRAPPED.get(headers);
      type = plain == null ? null : plain.getClass();
    }
    return type == Headers.class ? (Map<String, List<String>>) Fields.MAP.get(plain) : null;
  }

  /** The first value of {@code key} (normalised) in {@code map}, as {@code Headers.getFirst} answers it. */
  static String first(Map<String, List<String>> map, String key) {
    List<String> values = map.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Sets {@code key} (normalised) to the one value {@code value} in {@code headers}, as {@code Headers.set} does,
   * without its allocations: {@code set} normalises the key into a new String and wraps the value in a new
   * {@code LinkedList} (~150 B with the map entry); here the constant key and a one-element {@code ArrayList}
   * (mutable, as the application may add to it). {@code value} must be a valid header value (no CR or LF: the
   * checks of {@code set} are skipped). Falls back to {@code set} where the map is not reachable.
   */
  static void set(Headers headers, String key, String value) {
    Map<String, List<String>> map = of(headers);
    if (map == null) {
      headers.set(key, value);
      return;
    }
    List<String> values = new ArrayList<>(1);
    values.add(value);
    map.put(key, values);
  }

  /** Resolved on the first request, after {@link #open}: static finals, so the JIT reads the fields directly. */
  private static final class Fields {
    static final VarHandle MAP;
    static final Class<?> UNMODIFIABLE;
    static final VarHandle WRAPPED;

    static {
      VarHandle map = null;
      Class<?> unmodifiable = null;
      VarHandle wrapped = null;
      try {
        map = MethodHandles.privateLookupIn(Headers.class, MethodHandles.lookup())
            .findVarHandle(Headers.class, "map", HashMap.class);
        unmodifiable = Class.forName("sun.net.httpserver.UnmodifiableHeaders", false, Headers.class.getClassLoader());
        wrapped = MethodHandles.privateLookupIn(unmodifiable, MethodHandles.lookup())
            .findVarHandle(unmodifiable, "headers", Headers.class);
      } catch (Throwable t) {
        // A JDK without these fields, or the packages not opened: plain Headers only if MAP resolved, else none.
        unmodifiable = wrapped == null ? null : unmodifiable;
      }
      MAP = map;
      UNMODIFIABLE = unmodifiable;
      WRAPPED = wrapped;
    }
  }
}
