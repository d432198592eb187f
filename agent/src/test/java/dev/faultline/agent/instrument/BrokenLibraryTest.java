package dev.faultline.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.instrument.httpserver.HttpServerInstrumentation;
import dev.faultline.agent.instrument.httpserver.HttpUrls;
import dev.faultline.agent.instrument.httpserver.TestServer;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Adler32;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A library whose advice cannot be applied is turned off alone; the others keep working. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokenLibraryTest {

  @Test
  void failureToInstrumentOneLibraryDisablesOnlyThatLibrary() throws Exception {
    new Adler32().getValue(); // loaded, so the broken advice is applied (and fails) by retransformation
    InstrumentationSettings settings = InstrumentationSettings.builder("shop").build();
    try (InstrumentationHandle handle = Instrumenter.install(AgentTestSupport.instrumentation(), settings,
            () -> List.of(new BrokenInstrumentation(), new HttpServerInstrumentation()));
        TestServer server = new TestServer()) {
      assertFalse(handle.active("broken"));
      assertTrue(handle.active(InstrumentationSettings.HTTP_SERVER));

      assertEquals("user", HttpUrls.get(server.uri("/users/1")));
      Adler32 adler = new Adler32();
      adler.update(6);
      assertEquals((7L << 16) | 7L, adler.getValue(), "Adler32 works as before");
      server.awaitIdle();
      assertEquals(1, handle.drain(System.currentTimeMillis()).endpoints().size());
    }
  }

  /** Advice reading an argument that {@code Adler32.getValue()} does not have. */
  static final class BrokenInstrumentation implements LibraryInstrumentation {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("java.util.zip.Adler32");
    }

    @Override
    public ClassCandidates candidates() {
      return ClassCandidates.named("java.util.zip.Adler32");
    }

    @Override
    public AgentBuilder.Transformer transformer(ClassLoader adviceLoader) {
      return new AgentBuilder.Transformer.ForAdvice().include(adviceLoader)
          .advice(named("getValue"), BrokenAdvice.class.getName());
    }

    @Override
    public void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings) {}

    @Override
    public void unregisterHook() {}
  }

  static final class BrokenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(3) Object missing) {}
  }
}
