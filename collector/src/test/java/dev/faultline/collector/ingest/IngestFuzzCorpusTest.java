package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Replays {@code fuzz-corpus/ingest/*.hex} through the ingest pipeline, each expecting its rejection cause. */
class IngestFuzzCorpusTest {

  static List<Path> corpus(String dir) throws IOException, URISyntaxException {
    Path root = Path.of(IngestFuzzCorpusTest.class.getResource("/fuzz-corpus/" + dir).toURI());
    try (Stream<Path> files = Files.list(root)) {
      return files.sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyKeptInputEndsCleanly() throws Exception {
    List<Path> files = corpus("ingest");
    assertFalse(files.isEmpty());
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      StringBuilder hex = new StringBuilder();
      String expect = null;
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("expect:")) {
          expect = line.substring("expect:".length()).trim();
        } else if (!line.startsWith("#")) {
          hex.append(line.replaceAll("\\s", ""));
        }
      }
      byte[] input = HexFormat.of().parseHex(hex);
      for (int chunk : new int[] {1, 3, input.length}) {
        IngestFuzzHarness.Outcome o = IngestFuzzHarness.run(input, Math.max(1, chunk));
        if ("none".equals(expect)) {
          assertFalse(o.rejected(), file + ": " + o.answers());
        } else {
          assertTrue(o.rejected(), file + ": " + o.answers());
          assertEquals("REJECTION_CAUSE_" + expect,
              o.answers().get(o.answers().size() - 1).getRejection().getCause().name(), file.toString());
        }
      }
    }));
  }
}
