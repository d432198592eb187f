package dev.faultline.collector.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * A bounded, reproducible fuzz loop: {@code tries} inputs from a seeded {@link Random}. The seed is fixed per run
 * unless {@code -Dfaultline.fuzz.seed=N} overrides it, and {@code -Dfaultline.fuzz.tries=N} scales the count (for
 * a longer local run); a failing input's seed and try number are in the failure message, so it can be replayed
 * and then kept in the corpus.
 *
 * <pre>{@code
 * FuzzInputs.run("random frames", 500, random -> harness.run(randomBytes(random)));
 * }</pre>
 */
public final class FuzzInputs {

  private static final long SEED = Long.getLong("faultline.fuzz.seed", 0x5EED_F417L);
  private static final double SCALE = Double.parseDouble(System.getProperty("faultline.fuzz.tries", "1"));

  private FuzzInputs() {}

  public static void run(String name, int tries, Consumer<Random> oneInput) {
    int n = (int) Math.max(1, tries * SCALE);
    for (int i = 0; i < n; i++) {
      long seed = SEED * 31 + name.hashCode() * 1_000_003L + i;
      try {
        oneInput.accept(new Random(seed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(name + ": try " + i + " (input seed " + seed + ") failed: " + e.getMessage(), e);
      }
    }
  }

  /** Random bytes, up to {@code max} of them. */
  public static byte[] bytes(Random r, int max) {
    byte[] b = new byte[r.nextInt(max + 1)];
    r.nextBytes(b);
    return b;
  }

  /** A random string mixing ASCII, control, non-BMP and surrogate characters, up to {@code max} chars. */
  public static String text(Random r, int max) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> s.append((char) r.nextInt(32));
        case 1 -> s.appendCodePoint(0x1F600 + r.nextInt(64));
        case 2 -> s.append((char) (0xD800 + r.nextInt(0x800))); // a lone surrogate
        case 3 -> s.append((char) r.nextInt(0x10000));
        default -> s.append((char) (32 + r.nextInt(95)));
      }
    }
    return s.toString();
  }
}
