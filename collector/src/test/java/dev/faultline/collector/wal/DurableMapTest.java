package dev.faultline.collector.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DurableMapTest {

  @TempDir Path dir;

  @Test
  void entriesSurviveReopen() throws Exception {
    Path file = dir.resolve("incidents.dmap");
    try (DurableMap map = DurableMap.open(file)) {
      map.put("inc-1", json("{\"state\":\"open\"}"));
      map.put("inc-2", json("{\"state\":\"open\"}"));
      map.put("inc-1", json("{\"state\":\"resolved\"}"));
      map.put("inc-3", json("{}"));
      assertTrue(map.remove("inc-3"));
      assertFalse(map.remove("inc-3"));
    }
    try (DurableMap map = DurableMap.open(file)) {
      assertEquals(List.of("inc-1", "inc-2"), List.copyOf(map.entries().keySet()));
      assertArrayEquals(json("{\"state\":\"resolved\"}"), map.get("inc-1").orElseThrow());
      assertTrue(map.get("inc-3").isEmpty());
    }
  }

  @Test
  void compactionKeepsOnlyLiveEntries() throws Exception {
    Path file = dir.resolve("rca.dmap");
    byte[] big = new byte[4096];
    try (DurableMap map = DurableMap.open(file)) {
      for (int i = 0; i < 200; i++) {
        map.put("rca-" + (i % 3), big);
      }
      assertTrue(map.fileBytes() < 100_000, "compacted on the way: " + map.fileBytes());
      map.compact();
      assertTrue(map.fileBytes() < 4 * 4200, "only live entries: " + map.fileBytes());
    }
    try (DurableMap map = DurableMap.open(file)) {
      assertEquals(3, map.size());
    }
  }

  @Test
  void tornLastEntryIsCutOnOpen() throws Exception {
    Path file = dir.resolve("incidents.dmap");
    try (DurableMap map = DurableMap.open(file)) {
      map.put("a", json("1"));
      map.put("b", json("2"));
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 1);
    }
    try (DurableMap map = DurableMap.open(file)) {
      assertEquals(List.of("a"), List.copyOf(map.entries().keySet()));
      map.put("c", json("3"));
    }
    try (DurableMap map = DurableMap.open(file)) {
      assertEquals(List.of("a", "c"), List.copyOf(map.entries().keySet()));
    }
    assertFalse(Files.exists(dir.resolve("incidents.dmap.tmp")));
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
