package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Shared fixtures: small-segment options, record generators, replay into a list, log capture. */
final class WalTestSupport {

  private WalTestSupport() {}

  /** 4 KiB segments, records up to 1 KiB, no free-space floor (tests must not depend on the build machine's disk). */
  static WalOptions.Builder smallSegments(Path dir) {
    return WalOptions.builder(dir).segmentBytes(4096).maxRecordBytes(1024).minFreeBytes(0);
  }

  /** A record whose content says which one it is, {@code 20 + (i * 37) % 300} bytes long. */
  static byte[] record(int i) {
    StringBuilder sb = new StringBuilder("record-" + i + ":");
    while (sb.length() < 20 + (i * 37) % 300) {
      sb.append((char) ('a' + (i + sb.length()) % 26));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<Long> appendAll(Wal wal, int from, int toExclusive) throws Exception {
    List<Long> lsns = new ArrayList<>();
    for (int i = from; i < toExclusive; i++) {
      lsns.add(wal.append(record(i)).get(10, TimeUnit.SECONDS));
    }
    return lsns;
  }

  static List<String> replayAll(Wal wal, long fromLsn) throws IOException {
    List<String> out = new ArrayList<>();
    wal.replay(fromLsn, (lsn, bytes) -> out.add(StandardCharsets.UTF_8.decode(bytes).toString()));
    return out;
  }

  static List<String> expected(int from, int toExclusive) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < toExclusive; i++) {
      out.add(new String(record(i), StandardCharsets.UTF_8));
    }
    return out;
  }

  static List<SegmentFiles.Segment> segments(Path dir) throws IOException {
    return SegmentFiles.list(dir);
  }

  /** Collects what the WAL logs at INFO or above while open. */
  static final class LogCapture extends Handler implements AutoCloseable {
    final List<LogRecord> records = new ArrayList<>();
    private final Logger logger;

    LogCapture(Class<?> loggerOf) {
      logger = Logger.getLogger(loggerOf.getName());
      setLevel(Level.ALL);
      logger.addHandler(this);
    }

    synchronized List<LogRecord> atLeast(Level level) {
      List<LogRecord> out = new ArrayList<>();
      for (LogRecord r : records) {
        if (r.getLevel().intValue() >= level.intValue()) {
          out.add(r);
        }
      }
      return out;
    }

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
