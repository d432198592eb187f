package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reports usable bytes on the file system holding the WAL. Injected so tests can simulate a full disk. */
@FunctionalInterface
public interface FreeSpaceProbe {

  /** Usable bytes for {@code directory}. */
  long usableBytes(Path directory) throws IOException;

  /** The file store's usable space, as reported by the JDK (a {@code statvfs} call on Linux). */
  static FreeSpaceProbe fileStore() {
    return dir -> Files.getFileStore(dir).getUsableSpace();
  }
}
