package dev.faultline.agent.instrument;

import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeSnapshot;
import dev.faultline.agent.instrument.record.EndpointSnapshot;
import dev.faultline.agent.instrument.record.IntervalReport;
import java.lang.instrument.Instrumentation;
import java.util.Optional;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Test fixture: attaches byte-buddy's agent to this JVM once and puts the bridge on the bootstrap class path
 * before any test loads a bridge class. Call {@link #instrumentation()} first thing in every test class that
 * touches the bridge or installs instrumentation.
 */
public final class AgentTestSupport {

  private static Instrumentation instrumentation;

  private AgentTestSupport() {}

  public static synchronized Instrumentation instrumentation() {
    if (instrumentation == null) {
      Instrumentation inst = ByteBuddyAgent.install();
      try {
        if (!BootstrapBridgeInjector.inject(inst)) {
          throw new IllegalStateException("a bridge class was loaded before the bridge was injected");
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      instrumentation = inst;
    }
    return instrumentation;
  }

  /** Installs {@code settings}, with this JVM's instrumentation. */
  public static InstrumentationHandle install(InstrumentationSettings settings) {
    return Instrumenter.install(instrumentation(), settings);
  }

  public static Optional<EndpointSnapshot> endpoint(IntervalReport report, String name) {
    return report.endpoints().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public static Optional<EdgeSnapshot> edge(IntervalReport report, String callee, EdgeSide side) {
    return report.edges().stream().filter(e -> e.callee().equals(callee) && e.side() == side).findFirst();
  }
}
