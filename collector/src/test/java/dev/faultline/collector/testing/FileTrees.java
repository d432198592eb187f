package dev.faultline.collector.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Clean-up of the temporary directories tests make themselves (where JUnit's {@code @TempDir} does not reach). */
public final class FileTrees {

  private FileTrees() {}

  /**
   * Deletes {@code root} and everything below it, best effort: what cannot be deleted stays (it is a temporary
   * directory) and the rest still goes. Nothing happens when {@code root} is null or does not exist.
   */
  public static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a temp directory
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
