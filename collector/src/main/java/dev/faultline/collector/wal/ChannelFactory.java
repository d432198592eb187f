package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens segment files. Injected so tests can make writes or fsyncs fail (e.g. "No space left on device"). */
@FunctionalInterface
public interface ChannelFactory {

  FileChannel open(Path file, OpenOption... options) throws IOException;

  /** {@link FileChannel#open(Path, OpenOption...)}. */
  static ChannelFactory standard() {
    return FileChannel::open;
  }
}
