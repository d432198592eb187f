package dev.faultline.collector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.ingest.IngestTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("collector.yaml"), text);
  }

  @Test
  void defaultsWithoutFileOrFlags() {
    CollectorConfig c = ConfigLoader.load(null, Map.of());
    assertEquals(new Endpoint("127.0.0.1", 9470), c.ingestAddress());
    assertEquals(new Endpoint("127.0.0.1", 9471), c.queryAddress());
    assertEquals(Path.of("faultline-data"), c.dataDir());
    assertEquals(Duration.ofHours(1), c.retention());
    assertEquals(4 * 1024 * 1024, c.maxFrameBytes());
  }

  @Test
  void fileValuesReplaceDefaults() throws Exception {
    CollectorConfig c = ConfigLoader.load(yaml("""
        ingest:
          address: 0.0.0.0:19470
          max-frame-bytes: 1MiB
          handshake-timeout: 3s
          idle-timeout: 1m
        storage:
          retention: 2h30m
          max-memory-bytes: 64MiB
          max-points-per-series: 100
        """), Map.of());
    assertEquals(new Endpoint("0.0.0.0", 19470), c.ingestAddress());
    assertEquals(1024 * 1024, c.maxFrameBytes());
    assertEquals(Duration.ofSeconds(3), c.handshakeTimeout());
    assertEquals(Duration.ofMinutes(150), c.retention());
    assertEquals(64L * 1024 * 1024, c.maxMemoryBytes());
    assertEquals(100, c.maxPointsPerSeries());
    assertEquals(new Endpoint("127.0.0.1", 9471), c.queryAddress());
  }

  @Test
  void storageWalKeys() throws Exception {
    CollectorConfig defaults = ConfigLoader.load(null, Map.of());
    assertTrue(defaults.wal());
    assertEquals(CollectorConfig.Fsync.ALWAYS, defaults.fsync());
    CollectorConfig c = ConfigLoader.load(yaml("""
        storage:
          wal: false
          fsync: interval
          fsync-interval: 10ms
          wal-retention: 3h
          wal-max-bytes: 2GiB
        """), Map.of());
    assertEquals(false, c.wal());
    assertEquals(CollectorConfig.Fsync.INTERVAL, c.fsync());
    assertEquals(Duration.ofMillis(10), c.fsyncInterval());
    assertEquals(Duration.ofHours(3), c.walRetention());
    assertEquals(2L << 30, c.walMaxBytes());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("storage:\n  fsync: never\n"), Map.of()));
    assertEquals("storage.fsync", e.key());
    assertTrue(e.getMessage().contains("always or interval"), e.getMessage());
  }

  @Test
  void ingestTransportIsNativeWhereItLoadsUnlessSetToNio() throws Exception {
    assertEquals(IngestTransport.AUTO, ConfigLoader.load(null, Map.of()).ingestTransport());
    assertEquals(IngestTransport.NIO, ConfigLoader.load(yaml("ingest:\n  transport: nio\n"), Map.of()).ingestTransport());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("ingest:\n  transport: kqueue\n"), Map.of()));
    assertEquals("ingest.transport", e.key());
    assertTrue(e.getMessage().contains("auto or nio"), e.getMessage());
  }

  @Test
  void flagsBeatFileBeatsDefaults() throws Exception {
    Path file = yaml("ingest:\n  address: 127.0.0.1:1000\nquery:\n  address: 127.0.0.1:2000\n");
    CollectorConfig c = ConfigLoader.load(file, Map.of(ConfigKeys.QUERY_ADDRESS, "127.0.0.1:3000"));
    assertEquals(1000, c.ingestAddress().port());
    assertEquals(3000, c.queryAddress().port());
  }

  @Test
  void unknownKeyIsAnErrorNamingTheDottedKey() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("ingest:\n  max-frame-byte: 10\n"), Map.of()));
    assertEquals("ingest.max-frame-byte", e.key());
    assertTrue(e.getMessage().startsWith("ingest.max-frame-byte: unknown key"), e.getMessage());
  }

  @Test
  void unknownSectionIsAnError() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("ingets:\n  address: x\n"), Map.of()));
    assertEquals("ingets", e.key());
  }

  @Test
  void badDurationNamesKeyValueAndExpectedForm() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("storage:\n  retention: 1 hour\n"), Map.of()));
    assertEquals("storage.retention", e.key());
    assertTrue(e.getMessage().contains("'1 hour'") && e.getMessage().contains("duration"), e.getMessage());
  }

  @Test
  void outOfRangeFrameSizeIsRejected() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("ingest:\n  max-frame-bytes: 64MiB\n"), Map.of()));
    assertEquals("ingest.max-frame-bytes", e.key());
  }

  @Test
  void badFlagValueIsReportedLikeAFileValue() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of(ConfigKeys.INGEST_ADDRESS, "localhost")));
    assertEquals("ingest.address", e.key());
    assertTrue(e.getMessage().contains("host:port"), e.getMessage());
  }

  @Test
  void nonScalarValueIsRejected() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("storage:\n  retention:\n    - 1h\n"), Map.of()));
    assertEquals("storage.retention", e.key());
  }

  @Test
  void invalidYamlNamesTheLine() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("ingest:\n  address: [\n"), Map.of()));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void missingFileIsOneClearError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void minFreeBytesDefaultsTo256MiBAndRejectsNegative() throws Exception {
    assertEquals(256L << 20, ConfigLoader.load(null, Map.of()).minFreeBytes());
    assertEquals(0, ConfigLoader.load(yaml("storage:\n  min-free-bytes: 0\n"), Map.of()).minFreeBytes());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("storage:\n  min-free-bytes: -1\n"), Map.of()));
    assertEquals("storage.min-free-bytes", e.key());
  }

  @Test
  void snapshotIntervalMustBePositive() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("storage:\n  snapshot-interval: 0s\n"), Map.of()));
    assertEquals("storage.snapshot-interval", e.key());
  }

  @Test
  void shippedSampleConfigIsValid() {
    Path sample = Path.of("..", "install", "collector.yaml");
    if (Files.exists(sample)) {
      ConfigLoader.load(sample, Map.of());
    }
  }

  @Test
  void durationsAndSizesParse() {
    assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
    assertEquals(Duration.ofDays(2), Durations.parse("2d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5"));
    assertEquals(4_000_000, ByteSizes.parse("4MB"));
    assertEquals(4 * 1024 * 1024, ByteSizes.parse("4MiB"));
    assertEquals(123, ByteSizes.parse("123"));
  }
}
