package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordDefinitions}: every segment defines each key once, before the first record there that uses it. */
@Timeout(30)
class SegmentDefinitionsTest {

  @TempDir Path dir;

  @Test
  void eachSegmentDefinesAKeyOnceBeforeItsFirstUse() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      for (int i = 0; i < 60; i++) {
        if (i % 4 == 0) {
          append(wal, 1, 2, 3);
        } else {
          append(wal, 1, 2);
        }
      }
    }
    List<String[]> log = replay(0);
    assertTrue(segments(dir).size() >= 3, "rolled: " + segments(dir).size());
    assertEveryUseDefinedOnceEarlierInItsSegment(log);
  }

  @Test
  void aReopenedSegmentDefinesItsKeysAgain() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      append(wal, 7);
      append(wal, 7);
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      append(wal, 7); // the writer cannot know what the reopened segment defines: it defines again
    }
    List<String> kinds = new ArrayList<>();
    for (String[] r : replay(0)) {
      kinds.add(r[1].split(";")[0]);
    }
    assertEquals(List.of("def:7" + PADDING, "use:7", "use:7", "def:7" + PADDING, "use:7"), kinds);
  }

  @Test
  void definitionsLargerThanTheRecordLimitAreSplitIntoSeveralRecords() throws Exception {
    int[] keys = new int[100];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i;
    }
    try (Wal wal = Wal.open(WalOptions.builder(dir).segmentBytes(64 << 10).maxRecordBytes(1024).minFreeBytes(0)
        .build())) {
      append(wal, keys); // 100 definitions of ~30 bytes: ~3 KB, over the 1 KiB limit
    }
    List<String[]> log = replay(0);
    assertTrue(log.size() >= 5, "definitions split: " + log.size() + " records");
    assertTrue(log.get(log.size() - 1)[1].startsWith("use:0,1,2,"));
    assertEveryUseDefinedOnceEarlierInItsSegment(log);
  }

  @Test
  void aRecurringKeySetSkipsTheCheckOnlyWhileItsKeysAreDefinedInTheActiveSegment() throws Exception {
    long[] token = new long[1]; // one connection's recurring key set, kept across appends, rolls and WALs
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      for (int i = 0; i < 40; i++) {
        append(wal, token, 4, 5, 6);
        assertTrue(token[0] != 0, "the WAL stored its token");
      }
    }
    List<String[]> log = replay(0);
    assertTrue(segments(dir).size() >= 3, "rolled: " + segments(dir).size());
    assertEveryUseDefinedOnceEarlierInItsSegment(log);
    assertEquals(segments(dir).size(), log.stream().filter(r -> r[1].startsWith("def:")).count(),
        "defined once per segment");
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      append(wal, token, 4, 5, 6); // another WAL on the reopened segment: its token differs, so it defines again
    }
    List<String[]> reopened = replay(0);
    assertEquals(log.size() + 2, reopened.size());
    assertTrue(reopened.get(log.size())[1].startsWith("def:4"), reopened.get(log.size())[1]);
    assertTrue(reopened.get(log.size() + 1)[1].startsWith("use:4,5,6"));
  }

  private static final String PADDING = "-padding-to-30-bytes";

  /** Appends a record "use:k1,k2,..." that uses {@code keys}; waits until it is durable. */
  private static void append(Wal wal, int... keys) throws Exception {
    append(wal, null, keys);
  }

  /** As {@link #append(Wal, int...)}; with {@code token} non-null, the key set keeps the WAL's shortcut token. */
  private static void append(Wal wal, long[] token, int... keys) throws Exception {
    StringBuilder name = new StringBuilder("use:");
    for (int k : keys) {
      name.append(name.length() > 4 ? "," : "").append(k);
    }
    name.append(';').append("x".repeat(200)); // a few records per 4 KiB segment
    CompletableFuture<Long> done = new CompletableFuture<>();
    wal.append(ByteBuffer.wrap(name.toString().getBytes(StandardCharsets.UTF_8)), new RecordDefinitions() {
      @Override
      public int count() {
        return keys.length;
      }

      @Override
      public int key(int i) {
        return keys[i];
      }

      @Override
      public ByteBuffer encode(int[] missing, int from, int to) {
        StringBuilder sb = new StringBuilder("def");
        for (int i = from; i < to; i++) {
          sb.append(':').append(missing[i]).append(PADDING);
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public long definedIn() {
        return token == null ? 0 : token[0];
      }

      @Override
      public void definedIn(long value) {
        if (token != null) {
          token[0] = value;
        }
      }
    }, AppendCallback.of(done::complete, done::completeExceptionally));
    done.get(10, TimeUnit.SECONDS);
  }

  /** Every record as {segment base, text}. */
  private List<String[]> replay(long from) throws Exception {
    List<String[]> out = new ArrayList<>();
    List<Long> bases = new ArrayList<>();
    for (SegmentFiles.Segment s : segments(dir)) {
      bases.add(s.baseLsn());
    }
    try (Wal wal = Wal.open(smallSegments(dir).maxRecordBytes(1024).build())) {
      wal.replay(from, (lsn, bytes) -> {
        long base = 0;
        for (long b : bases) {
          if (b <= lsn) {
            base = b;
          }
        }
        out.add(new String[] {Long.toString(base), StandardCharsets.UTF_8.decode(bytes).toString()});
      });
    }
    return out;
  }

  private static void assertEveryUseDefinedOnceEarlierInItsSegment(List<String[]> log) {
    Map<String, Set<Integer>> definedPerSegment = new HashMap<>();
    for (String[] r : log) {
      Set<Integer> defined = definedPerSegment.computeIfAbsent(r[0], k -> new HashSet<>());
      if (r[1].startsWith("def:")) {
        for (String part : r[1].substring(4).split(":")) {
          int key = Integer.parseInt(part.replace(PADDING, ""));
          assertTrue(defined.add(key), "key " + key + " defined twice in segment " + r[0]);
        }
      } else {
        for (String part : r[1].substring(4).split(";")[0].split(",")) {
          assertTrue(defined.contains(Integer.parseInt(part)), r[1] + " uses key " + part
              + " undefined in segment " + r[0]);
        }
      }
    }
  }
}
