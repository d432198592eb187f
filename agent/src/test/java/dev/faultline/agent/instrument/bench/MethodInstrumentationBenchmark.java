package dev.faultline.agent.instrument.bench;

import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.methods.MethodPattern;
import dev.faultline.agent.instrument.methods.MethodsInstrumentation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import example.bench.OrderService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plainest instrumented call: a method chosen by {@code instrumentation.methods}, with the production advice
 * ({@code MethodAdvice}) inlined into it by byte-buddy through the production transformer
 * ({@link MethodsInstrumentation#transformer}, the same {@code AdviceTransformer} the agent registers), and the
 * production hook ({@code MethodTracer}) recording into an {@link IntervalRecorder}. What a call costs on top of
 * the method's own body: the clock read the enter advice inlines, the hook dispatch (one volatile read and an
 * interface call), the endpoint lookup by the method's constant name, the recording, and the exit's clock read.
 *
 * <p>The one difference from production: the class is redefined here with byte-buddy and defined by a child-first
 * class loader (so the instrumented copy and the plain original live side by side in one JVM), where the agent
 * retransforms the application's own class; the advice bytes inlined are the same. {@link #plainMethodCall} is the
 * same body without advice, so the difference of the two is the agent's cost per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MethodInstrumentationBenchmark {

  static final String PATTERN = "example.bench.OrderService#applyAsLong";

  private IntervalRecorder recorder;
  private LongUnaryOperator instrumented;
  private LongUnaryOperator plain;
  private long orderId;

  @Setup(Level.Trial)
  public void setUp() {
    recorder = new IntervalRecorder("bench", 100, 100, 100, System.currentTimeMillis());
    MethodsInstrumentation library = new MethodsInstrumentation(MethodPattern.parseAll(PATTERN));
    library.registerHook(recorder, new LibraryGuard("methods"), InstrumentationSettings.builder("bench").build());
    instrumented = instrument(library);
    plain = new OrderService();
  }

  /** The application class with the agent's advice inlined, defined apart from the plain original. */
  static LongUnaryOperator instrument(MethodsInstrumentation library) {
    ClassLoader loader = MethodInstrumentationBenchmark.class.getClassLoader();
    DynamicType.Builder<?> builder = new ByteBuddy().redefine(OrderService.class);
    builder = library.transformer(loader)
        .transform(builder, TypeDescription.ForLoadedType.of(OrderService.class), loader, null, null);
    Class<?> type = builder.make().load(loader, ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
    if (type == OrderService.class) {
      throw new IllegalStateException("the instrumented copy was not defined apart from the original");
    }
    try {
      return (LongUnaryOperator) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the instrumented " + OrderService.class.getName(), e);
    }
  }

  @TearDown(Level.Iteration)
  public void drain() {
    recorder.drain(System.currentTimeMillis()); // as the reporter does once per interval
  }

  /** One call of the configured method: advice enter + the body + advice exit with its recording. */
  @Benchmark
  public long customMethodCall() {
    return instrumented.applyAsLong(++orderId);
  }

  /** The same body without the agent: the baseline to subtract. */
  @Benchmark
  public long plainMethodCall() {
    return plain.applyAsLong(++orderId);
  }

  /** Calls the instrumented method once and returns the recorder, for the test that checks the set-up records. */
  IntervalRecorder recorderAfterOneCall() {
    customMethodCall();
    return recorder;
  }
}
