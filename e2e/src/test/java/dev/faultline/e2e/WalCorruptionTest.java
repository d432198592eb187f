package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Streams;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tail of the last WAL segment is damaged between a stop and a start (the last 24 bytes overwritten: the newest
 * record's checksum no longer matches): the collector starts, logs one line about it, and serves everything before
 * the damage, i.e. every point but the newest.
 */
@Timeout(90)
class WalCorruptionTest {

  @TempDir Path dataDir;

  @Test
  void damagedTailIsCutWithOneLineAndEarlierDataIsServed() throws Exception {
    int port = Ports.free();
    String id;
    int pointsBefore;
    try (CollectorProcess first = CollectorProcess.start(port, dataDir)) {
      try (Jvm app = Streams.startApp(port, "torn", "200ms", "1MiB")) {
        Ports.awaitReady(app);
        Streams.threadsSeries(first.query(), "torn", 10, Duration.ofSeconds(40));
      }
      Thread.sleep(1000); // the agent's last words (if any) are in
      id = Streams.threadsSeries(first.query(), "torn", 10, Duration.ofSeconds(5));
      pointsBefore = first.points(id).size();
    }
    // The clean stop wrote a snapshot holding every point; remove it, as after a kill -9 between snapshots, so the
    // restart must rebuild from the damaged log itself.
    try (Stream<Path> files = Files.list(dataDir.resolve("wal"))) {
      for (Path p : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".snap"))::iterator) {
        Files.delete(p);
      }
    }
    Path segment;
    try (Stream<Path> files = Files.list(dataDir.resolve("wal"))) {
      segment = files.filter(p -> p.toString().endsWith(".wal")).max(Comparator.naturalOrder()).orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ByteBuffer junk = ByteBuffer.allocate(24);
      while (junk.hasRemaining()) {
        junk.put((byte) 0x5A);
      }
      ch.write(junk.flip(), ch.size() - 24);
    }
    try (CollectorProcess second = CollectorProcess.start(port, dataDir)) {
      long cutLines = second.transcript().lines().filter(l -> l.contains("cut the torn tail")).count();
      assertEquals(1, cutLines, second.transcript());
      assertEquals(pointsBefore - 1, second.points(id).size(), second.transcript());
      assertTrue(second.query().get("/healthz").get("status").asText().equals("ok"));
    }
  }
}
