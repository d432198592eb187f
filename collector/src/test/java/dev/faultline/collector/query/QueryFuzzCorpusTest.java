package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.faultline.collector.testing.RunningCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replays {@code fuzz-corpus/query/*.txt} against a running collector: each request gets its expected status. */
@Timeout(30)
class QueryFuzzCorpusTest {

  @TempDir static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    QueryFuzzTest.collector = RunningCollector.start(dataDir);
  }

  @AfterAll
  static void stop() {
    QueryFuzzTest.collector.close();
  }

  @TestFactory
  Stream<DynamicTest> everyKeptRequestIsAnsweredAsExpected() throws Exception {
    Path root = Path.of(QueryFuzzCorpusTest.class.getResource("/fuzz-corpus/query").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(root)) {
      files = s.sorted().toList();
    }
    assertFalse(files.isEmpty());
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
      String target = lines.get(0);
      int q = target.indexOf('?');
      var body = QueryFuzzTest.get(q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1));
      assertEquals(Integer.parseInt(lines.get(1).trim()), body.path("_status").asInt(), body.toString());
    }));
  }
}
