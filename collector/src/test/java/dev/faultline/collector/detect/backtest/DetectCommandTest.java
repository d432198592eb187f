package dev.faultline.collector.detect.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cli.FaultlineCommand;
import dev.faultline.collector.detect.Detectors;
import dev.faultline.collector.detect.SyntheticSeries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code faultline detect} end to end on small CSV files in a temp dir. */
class DetectCommandTest {

  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  @TempDir Path tmp;

  static void writeSeries(Path file, SyntheticSeries s) throws IOException {
    StringBuilder b = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < s.size(); i++) {
      b.append(NAB.format(Instant.ofEpochMilli(s.timestamp(i)))).append(',').append(s.value(i)).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b);
  }

  private static int run(String... args) {
    return new CommandLine(new FaultlineCommand()).setErr(new PrintWriter(new StringWriter())).execute(args);
  }

  @Test
  void fileInputWritesSameRowsWithScoresFromTheSamePipelineAsLive() throws IOException {
    SyntheticSeries s = SyntheticSeries.seasonal(9, 2000, 50, 5, 1, 300_000L).spike(1800, 40);
    Path in = tmp.resolve("in.csv");
    writeSeries(in, s);
    Path out = tmp.resolve("out.csv");
    assertEquals(0, run("detect", "--input", in.toString(), "--output", out.toString()));
    List<String> lines = Files.readAllLines(out);
    List<String> input = Files.readAllLines(in);
    assertEquals("timestamp,value,anomaly_score", lines.get(0));
    assertEquals(input.size(), lines.size());
    double[] live = s.scores(Detectors.pipeline(Detectors.DEFAULT, Map.of()));
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith(input.get(i) + ","), "row " + i + " kept");
      double score = Double.parseDouble(lines.get(i).substring(lines.get(i).lastIndexOf(',') + 1));
      assertTrue(score >= 0 && score <= 1);
      assertEquals(live[i - 1], score, 1e-12, "row " + i + " matches the live pipeline");
    }
    assertTrue(live[1800] > 0.5, "the spike is detected: " + live[1800]);
  }

  @Test
  void folderIsMirroredFileByFileAndNabLayoutIsSupported() throws IOException {
    Path in = tmp.resolve("data");
    writeSeries(in.resolve("catA/one.csv"), SyntheticSeries.gaussian(1, 300, 10, 1));
    writeSeries(in.resolve("catB/two.csv"), SyntheticSeries.gaussian(2, 200, 10, 1));
    Path out = tmp.resolve("mirror");
    assertEquals(0, run("detect", "--input", in.toString(), "--output", out.toString(), "--detector", "ewma"));
    assertEquals(301, Files.readAllLines(out.resolve("catA/one.csv")).size());
    assertEquals(201, Files.readAllLines(out.resolve("catB/two.csv")).size());

    Path results = tmp.resolve("results");
    assertEquals(0, run("detect", "--input", in.toString(), "--output", results.toString(), "--nab-layout", "fl"));
    assertTrue(Files.exists(results.resolve("fl/catA/fl_one.csv")));
    assertTrue(Files.exists(results.resolve("fl/catB/fl_two.csv")));
  }

  @Test
  void gapsAndBadRowsAreHandled() throws IOException {
    Path in = tmp.resolve("gappy.csv");
    Files.writeString(in, "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,\n\n"
        + "2024-01-01T00:10:00,abc\n1704068400,3\n");
    Path out = tmp.resolve("gappy-out.csv");
    assertEquals(0, run("detect", "--input", in.toString(), "--output", out.toString(), "--detector", "zscore"));
    List<String> lines = Files.readAllLines(out);
    assertEquals(List.of("timestamp,value,anomaly_score", "2024-01-01 00:00:00,1,0", "2024-01-01 00:05:00,,0",
        "2024-01-01T00:10:00,abc,0", "1704068400,3,0"), lines);
  }

  @Test
  void unknownDetectorAndMissingHeaderFail() throws IOException {
    Path in = tmp.resolve("x.csv");
    Files.writeString(in, "time,val\n1,2\n");
    assertTrue(run("detect", "--input", in.toString(), "--output", tmp.resolve("y.csv").toString()) != 0);
    assertTrue(run("detect", "--input", in.toString(), "--output", tmp.resolve("y.csv").toString(),
        "--detector", "nope") != 0);
  }

  @Test
  void timestampParserHandlesNabIsoAndEpochForms() {
    assertEquals(1_704_067_200_000L, TimestampParser.parseMillis("2024-01-01 00:00:00", 0, 19));
    assertEquals(1_704_067_200_250L, TimestampParser.parseMillis("2024-01-01T00:00:00.25", 0, 22));
    assertEquals(1_704_067_200_000L, TimestampParser.parseMillis("2024-01-01T01:00:00+01:00", 0, 25));
    assertEquals(1_704_067_200_000L, TimestampParser.parseMillis("1704067200", 0, 10));
    assertEquals(1_704_067_200_000L, TimestampParser.parseMillis("1704067200000", 0, 13));
  }

  @Test
  void benchModeReportsThroughput() {
    StringWriter out = new StringWriter();
    int rc = new CommandLine(new FaultlineCommand()).setOut(new PrintWriter(out))
        .execute("detect", "--bench", "300000", "--detector", "zscore");
    assertEquals(0, rc);
    assertTrue(out.toString().contains("points_per_second="), out.toString());
  }
}
