package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Names and lists segment files: {@code <base LSN, 20 digits>.wal}, ordered by base LSN. */
final class SegmentFiles {

  static final String SUFFIX = ".wal";

  private SegmentFiles() {}

  /** One segment file on disk. */
  record Segment(Path path, long baseLsn) {}

  static Path pathFor(Path dir, long baseLsn) {
    return dir.resolve(String.format("%020d%s", baseLsn, SUFFIX));
  }

  /** Segments in {@code dir}, oldest first. Files whose name does not parse are ignored (with no effect on order). */
  static List<Segment> list(Path dir) throws IOException {
    List<Segment> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        String digits = name.substring(0, name.length() - SUFFIX.length());
        if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
          out.add(new Segment(p, Long.parseLong(digits)));
        }
      }
    }
    out.sort(Comparator.comparingLong(Segment::baseLsn));
    return out;
  }

  /**
   * Makes a file creation, rename or deletion in {@code dir} durable. Without it a power cut can forget a new
   * segment even though its content was fsynced.
   */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems (and Windows) cannot open a directory; there is nothing more we can do there.
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }
}
