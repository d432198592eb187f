package dev.faultline.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

class AdviceTransformerTest {

  @Test
  void appliesTheAdviceToEveryTypeItTransformsWithTheAdviceResolvedOnce() throws Exception {
    AdviceTransformer transformer = new AdviceTransformer(getClass().getClassLoader())
        .advice(named("greet"), ShoutAdvice.class.getName());
    for (Class<?> type : new Class<?>[] {Greeter.class, OtherGreeter.class}) {
      Class<?> redefined = transformer.transform(new ByteBuddy().redefine(type).name(type.getName() + "$Advised"),
              TypeDescription.ForLoadedType.of(type), type.getClassLoader(), null, null)
          .make()
          .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
          .getLoaded();
      Object greeter = redefined.getDeclaredConstructor().newInstance();
      assertEquals("HELLO", redefined.getMethod("greet", String.class).invoke(greeter, "hello"),
          "the exit advice ran in " + type.getSimpleName());
    }
  }

  @Test
  void anAdviceThatCannotBeResolvedFailsEveryTransformationSoTheLibraryIsTurnedOff() {
    AdviceTransformer transformer = new AdviceTransformer(getClass().getClassLoader())
        .advice(named("greet"), "dev.faultline.agent.instrument.NoSuchAdvice");
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThrows(IllegalStateException.class, () -> transformer.transform(new ByteBuddy().redefine(Greeter.class),
          TypeDescription.ForLoadedType.of(Greeter.class), Greeter.class.getClassLoader(), null, null));
    }
  }

  public static class Greeter {
    public String greet(String name) {
      return name;
    }
  }

  public static class OtherGreeter {
    public String greet(String name) {
      return name + "";
    }
  }

  public static final class ShoutAdvice {
    private ShoutAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false) String value) {
      value = value.toUpperCase(java.util.Locale.ROOT);
    }
  }
}
