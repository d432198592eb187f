package dev.faultline.agent.instrument;

import dev.faultline.agent.instrument.apache.ApacheAsyncClientInstrumentation;
import dev.faultline.agent.instrument.apache.ApacheHttpClientInstrumentation;
import dev.faultline.agent.instrument.concurrent.ExecutorInstrumentation;
import dev.faultline.agent.instrument.httpclient.HttpClientInstrumentation;
import dev.faultline.agent.instrument.httpserver.HttpServerInstrumentation;
import dev.faultline.agent.instrument.jdbc.JdbcInstrumentation;
import dev.faultline.agent.instrument.logs.LogsInstrumentation;
import dev.faultline.agent.instrument.methods.MethodsInstrumentation;
import dev.faultline.agent.instrument.netty.NettyServerInstrumentation;
import dev.faultline.agent.instrument.okhttp.OkHttpInstrumentation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.servlet.ServletInstrumentation;
import dev.faultline.agent.instrument.urlconnection.UrlConnectionInstrumentation;
import dev.faultline.agent.internal.StartupTrace;
import dev.faultline.agent.internal.Throwables;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs the instrumentation; called once from premain.
 *
 * <pre>{@code
 * InstrumentationHandle handle = Instrumenter.install(inst, InstrumentationSettings.builder("checkout").build());
 * }</pre>
 *
 * <p>Never throws: a failure to set up the bridge installs nothing, a failure to instrument one library turns only
 * that library off; both log one WARNING line. All libraries share one transformer (one pass over the loaded
 * classes, one call per class the JVM loads); {@link LibraryAttribution} keeps their failures independent, and the
 * libraries' {@link ClassCandidates} keep byte-buddy away from the classes none of them can transform.
 */
public final class Instrumenter {

  private static final Logger logger = Logger.getLogger(Instrumenter.class.getName());

  private Instrumenter() {}

  /**
   * Installs every library {@code settings} enables, the classes loaded before included, before it returns; returns
   * the handle to drain reports from.
   */
  public static InstrumentationHandle install(Instrumentation instrumentation, InstrumentationSettings settings) {
    return install(instrumentation, settings, Runnable::run);
  }

  /**
   * As {@link #install(Instrumentation, InstrumentationSettings)}, but returns once the transformer is registered
   * (classes loaded from then on are instrumented) and hands the rest to {@code catchUp}: the retransformation of
   * the classes loaded before, byte-buddy's warm-up and the libraries' first-use warm-ups (~300 ms of CPU on the
   * 2-core test machine, see BENCHMARKS.md), which no application thread waits for.
   */
  public static InstrumentationHandle install(Instrumentation instrumentation, InstrumentationSettings settings,
      Executor catchUp) {
    return install(instrumentation, settings, () -> libraries(settings), catchUp);
  }

  /** The libraries Faultline instruments, in installation order; configured methods last, when there are some. */
  static List<LibraryInstrumentation> libraries(InstrumentationSettings settings) {
    List<LibraryInstrumentation> libraries = new ArrayList<>(List.of(new HttpServerInstrumentation(), new ServletInstrumentation(), new NettyServerInstrumentation(),
        new UrlConnectionInstrumentation(),
        new HttpClientInstrumentation(), new ApacheHttpClientInstrumentation(), new ApacheAsyncClientInstrumentation(),
        new OkHttpInstrumentation(),
        new JdbcInstrumentation(), new ExecutorInstrumentation(), new LogsInstrumentation()));
    if (!settings.methods().isEmpty()) {
      libraries.add(new MethodsInstrumentation(settings.methods()));
    }
    return libraries;
  }

  /**
   * Visible for testing: installs {@code libraries} (a broken test library, say). A supplier because the library
   * classes implement bridge interfaces and so must not load before the bridge is on the bootstrap class path.
   */
  static InstrumentationHandle install(Instrumentation instrumentation, InstrumentationSettings settings,
      Supplier<List<LibraryInstrumentation>> libraries) {
    return install(instrumentation, settings, libraries, Runnable::run);
  }

  private static InstrumentationHandle install(Instrumentation instrumentation, InstrumentationSettings settings,
      Supplier<List<LibraryInstrumentation>> libraries, Executor catchUp) {
    Objects.requireNonNull(instrumentation, "instrumentation");
    Objects.requireNonNull(settings, "settings");
    IntervalRecorder recorder = new IntervalRecorder(settings.service(), settings.maxEndpoints(),
        settings.maxEdges(), settings.maxExceptionKeys(), System.currentTimeMillis());
    List<InstrumentationHandle.Installed> installed = new ArrayList<>();
    if (!settings.enabled()) {
      logger.fine("Faultline: instrumentation disabled by configuration");
      return new InstrumentationHandle(instrumentation, recorder, installed, null);
    }
    try {
      if (!BootstrapBridgeInjector.inject(instrumentation)) {
        logger.warning("Faultline: instrumentation disabled, the bootstrap bridge was loaded by "
            + dev.faultline.agent.bootstrap.Hooks.class.getClassLoader() + " before it could be injected");
        return new InstrumentationHandle(instrumentation, recorder, installed, null);
      }
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Faultline: instrumentation disabled, cannot inject the bootstrap bridge: " + t);
      return new InstrumentationHandle(instrumentation, recorder, installed, null);
    }
    StartupTrace.mark("bootstrap bridge injected");
    List<Pending> pending = new ArrayList<>();
    for (LibraryInstrumentation library : libraries.get()) {
      if (!settings.enabled(library.name())) {
        continue;
      }
      LibraryGuard guard = new LibraryGuard(library.name());
      try {
        library.prepare(instrumentation);
        library.registerHook(recorder, guard, settings);
        pending.add(new Pending(new InstrumentationHandle.Installed(library, guard), library.candidates(),
            LibraryAttribution.matcher(guard, library.typeMatcher()),
            LibraryAttribution.transformer(guard, library.transformer(Instrumenter.class.getClassLoader()))));
      } catch (Throwable t) {
        guard.instrumentationFailed("(installation)", t);
        library.unregisterHook();
      }
    }
    StartupTrace.mark("libraries set up");
    ClassCandidates candidates = ClassCandidates.union(pending.stream().map(Pending::candidates).toList());
    AgentBuilder builder = AgentBuilderFactory.create(instrumentation, LibraryAttribution.listener(), candidates);
    for (Pending each : pending) {
      builder = builder.type(each.matcher()).transform(each.transformer());
    }
    StartupTrace.mark("agent builder made");
    ResettableClassFileTransformer transformer = null;
    try {
      if (!pending.isEmpty()) {
        transformer = builder.installOn(instrumentation);
      }
      pending.forEach(each -> installed.add(each.installed()));
    } catch (Throwable t) {
      for (Pending each : pending) {
        each.installed().guard().instrumentationFailed("(installation)", t);
        each.installed().library().unregisterHook();
      }
    }
    if (transformer != null) {
      List<FirstUse> firstUses = pending.stream().map(each -> each.installed().library().firstUse()).toList();
      catchUp.execute(() -> catchUp(instrumentation, candidates, firstUses));
    }
    return new InstrumentationHandle(instrumentation, recorder, installed, transformer);
  }

  /**
   * What the install leaves after the registration; never throws. The retransformation of the loaded candidates
   * warms byte-buddy's transformation up as well, so {@link TransformWarmUp} runs only when there are none (it
   * spares an application thread the cold first transformation: ~80 ms of CPU).
   */
  private static void catchUp(Instrumentation instrumentation, ClassCandidates candidates,
      List<FirstUse> firstUses) {
    try {
      int retransformed = LoadedCandidates.retransform(instrumentation, candidates);
      StartupTrace.mark("loaded candidates retransformed: " + retransformed);
      if (retransformed == 0) {
        TransformWarmUp.run(AgentBuilderFactory.byteBuddy(), Instrumenter.class.getClassLoader());
        StartupTrace.mark("transformation warmed up");
      }
      FirstUseWarmUp.run(instrumentation, firstUses);
      StartupTrace.mark("first use warmed up");
      StartupTrace.summary("installed");
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      logger.log(Level.WARNING, "Faultline: classes loaded before the agent may not be instrumented: " + t);
    }
  }

  /** A library whose hook is registered, with what goes into the shared transformer. */
  private record Pending(InstrumentationHandle.Installed installed, ClassCandidates candidates,
      ElementMatcher<TypeDescription> matcher, AgentBuilder.Transformer transformer) {}
}
