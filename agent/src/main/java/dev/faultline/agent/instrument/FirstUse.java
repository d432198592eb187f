package dev.faultline.agent.instrument;

import java.util.List;

/**
 * What a library's first call would do on an application thread (typically the one serving the first request),
 * for {@link FirstUseWarmUp} to do at installation on the start-up thread instead, once the library is in use:
 * load (and so transform) the JDK classes that load only on that call, and run the agent's own first-use work
 * (class initialisation, method-handle forms) without recording anything.
 *
 * <pre>{@code
 * new FirstUse("sun.net.httpserver.ServerImpl", List.of("com.sun.net.httpserver.Filter$Chain"), Tracer::warmUp)
 * }</pre>
 *
 * @param inUse binary name of a class whose being loaded shows the application uses the library
 * @param platformClasses binary names of classes of the platform or bootstrap loader to load
 * @param agentWork the agent's first-use work; must record nothing and change no application state
 */
public record FirstUse(String inUse, List<String> platformClasses, Work agentWork) {

  /** Nothing to warm up. */
  public static final FirstUse NONE = new FirstUse("", List.of(), () -> {});

  /** The agent's first-use work. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  public FirstUse {
    platformClasses = List.copyOf(platformClasses);
  }
}
