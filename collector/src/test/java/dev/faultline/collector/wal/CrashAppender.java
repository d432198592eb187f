package dev.faultline.collector.wal;

import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child-JVM side of {@link CrashTest}: replays the WAL to find the highest sequence (as the ingest would), then
 * appends records with the following sequences forever, printing {@code ACK <sequence>} once each is durable.
 * Up to 64 appends are in flight, as with many agents pipelining batches.
 */
public final class CrashAppender {

  private CrashAppender() {}

  public static void main(String[] args) throws Exception {
    WalOptions options = WalOptions.builder(Path.of(args[0])).segmentBytes(256 << 10).maxRecordBytes(64 << 10)
        .minFreeBytes(0).build();
    Wal wal = Wal.open(options);
    AtomicLong highest = new AtomicLong();
    wal.replay(0, (lsn, bytes) -> highest.accumulateAndGet(IngestRecord.decode(bytes).sequence(), Math::max));
    System.out.println("READY " + highest.get());
    System.out.flush();
    Semaphore inFlight = new Semaphore(64);
    java.util.Random random = new java.util.Random(highest.get());
    for (long seq = highest.get() + 1; ; seq++) {
      byte[] payload = new byte[2000 + random.nextInt(6000)];
      random.nextBytes(payload);
      IngestRecord record = new IngestRecord("crash-agent", seq, System.currentTimeMillis(), payload);
      inFlight.acquire();
      long sequence = seq;
      wal.append(record.encode(), new AppendCallback() {
        @Override
        public void onDurable(long lsn) {
          System.out.println("ACK " + sequence);
          inFlight.release();
        }

        @Override
        public void onFailure(long lsn, WalUnavailableException error) {
          System.out.println("FAIL " + sequence);
          inFlight.release();
        }
      });
    }
  }
}
