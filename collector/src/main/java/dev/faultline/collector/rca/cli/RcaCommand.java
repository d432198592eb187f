package dev.faultline.collector.rca.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.collector.rca.Evidence;
import dev.faultline.collector.rca.RankedCause;
import dev.faultline.collector.rca.Ranking;
import dev.faultline.collector.rca.RcaAnalyzer;
import dev.faultline.collector.rca.faulttree.FaultTree;
import dev.faultline.collector.rca.faulttree.FaultTreeEvaluator;
import dev.faultline.collector.rca.faulttree.FaultTreeLoader;
import dev.faultline.collector.rca.faulttree.FaultTreeResult;
import dev.faultline.collector.rca.scenario.Scenario;
import dev.faultline.collector.rca.scenario.ScenarioException;
import dev.faultline.collector.rca.scenario.ScenarioReader;
import dev.faultline.collector.rca.score.IncidentStartDetector;
import dev.faultline.collector.rca.score.Rankers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rca --scenario DIR}: offline root-cause analysis of a scenario folder (or a folder of case folders with
 * {@code --output}), with the same detectors and ranking code as the live collector on a simulated clock.
 */
@Command(name = "rca", mixinStandardHelpOptions = true,
    description = "Rank root causes of the incident in a scenario folder and print JSON (best first).")
public final class RcaCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--scenario", description = "a scenario folder, or a folder of scenario folders (needs --output)")
  Path scenario;

  @Option(names = "--incident-time", description = "the fault's start, epoch seconds (default: detect it and fuse the rankings at up to 3"
      + " candidate starts)")
  Long incidentTime;

  @Option(names = "--use-scenario-time", description = "use each scenario's own incident_time (batch mode)")
  boolean useScenarioTime;

  @Option(names = "--output", description = "write <case>.json per case into this folder")
  Path output;

  @Option(names = "--ranker", defaultValue = "evidence", description = "evidence (default) or nsigma")
  String ranker;

  @Option(names = "--fault-trees", description = "YAML file of fault trees to evaluate beside the ranking")
  Path faultTrees;

  @Option(names = "--top", defaultValue = "0", description = "how many candidates to print, at least 5 (default: all)")
  int top;

  @Option(names = "--bench", description = "benchmark mode: analyse a simulated graph of N services x 20 series")
  Integer benchServices;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (benchServices != null) {
      out.println(RcaBenchmark.run(benchServices));
      out.flush();
      return 0;
    }
    if (scenario == null) {
      err.println("rca: --scenario DIR is required");
      return 2;
    }
    try {
      RcaAnalyzer analyzer = new RcaAnalyzer(Rankers.create(ranker), IncidentStartDetector.stepChange());
      List<FaultTree> trees = faultTrees == null ? List.of() : FaultTreeLoader.load(faultTrees);
      if (ScenarioReader.isScenario(scenario)) {
        ObjectNode result = analyse(analyzer, trees, ScenarioReader.read(scenario), incidentTime);
        if (output != null) {
          Files.createDirectories(output);
          JSON.writeValue(output.resolve(result.path("name").asText() + ".json").toFile(), result);
        }
        out.println(JSON.writeValueAsString(result));
      } else {
        batch(analyzer, trees, out);
      }
    } catch (ScenarioException | IllegalArgumentException e) {
      err.println("rca: " + e.getMessage());
      return 1;
    }
    out.flush();
    return 0;
  }

  private void batch(RcaAnalyzer analyzer, List<FaultTree> trees, PrintWriter out) throws IOException {
    if (!Files.isDirectory(scenario)) {
      throw new ScenarioException("scenario folder " + scenario + " does not exist or is not a folder");
    }
    if (output == null) {
      throw new IllegalArgumentException(scenario + " is not a scenario folder (no scenario.json); for a folder of"
          + " cases give --output DIR");
    }
    List<Path> cases = new ArrayList<>();
    try (Stream<Path> s = Files.walk(scenario)) {
      s.filter(p -> Files.isDirectory(p) && ScenarioReader.isScenario(p)).sorted().forEach(cases::add);
    }
    if (cases.isEmpty()) {
      throw new ScenarioException("no scenario folders (with scenario.json) under " + scenario);
    }
    Files.createDirectories(output);
    for (Path c : cases) {
      Scenario sc = ScenarioReader.read(c);
      Long t = useScenarioTime ? sc.knownIncidentTime() : incidentTime;
      ObjectNode result = analyse(analyzer, trees, sc, t);
      JSON.writeValue(output.resolve(sc.name() + ".json").toFile(), result);
    }
    out.println("wrote " + cases.size() + " results to " + output);
  }

  private ObjectNode analyse(RcaAnalyzer analyzer, List<FaultTree> trees, Scenario sc, Long known) {
    Ranking r = analyzer.analyze(sc.input(), known);
    ObjectNode o = JSON.createObjectNode();
    o.put("name", sc.name());
    if (r.incidentStartSeconds() == null) {
      o.putNull("incident_start");
    } else {
      o.put("incident_start", r.incidentStartSeconds());
    }
    ArrayNode ranking = o.putArray("ranking");
    int shown = top <= 0 ? r.causes().size() : Math.min(Math.max(top, 5), r.causes().size());
    for (RankedCause c : r.causes().subList(0, shown)) {
      ObjectNode e = ranking.addObject();
      e.put("service", c.service());
      e.put("score", c.score());
      e.put("metric", c.metric());
      ArrayNode path = e.putArray("path");
      c.path().forEach(path::add);
      if (c.onsetSeconds() != null) {
        e.put("onset", c.onsetSeconds());
      }
      ArrayNode ev = e.putArray("evidence");
      for (Evidence x : c.evidence()) {
        ObjectNode xe = ev.addObject();
        xe.put("subject", x.subject());
        xe.put("kind", x.kind());
        xe.put("score", Math.round(x.score() * 1e4) / 1e4);
        xe.put("change", Math.round(x.change() * 100) / 100.0);
        if (x.onsetSeconds() != null) {
          xe.put("onset", x.onsetSeconds());
        }
      }
      e.put("explanation", c.explanation());
    }
    if (!trees.isEmpty()) {
      ArrayNode ft = o.putArray("fault_trees");
      long start = r.incidentStartSeconds() != null ? r.incidentStartSeconds() : Long.MAX_VALUE;
      for (FaultTree t : trees) {
        FaultTreeResult res = FaultTreeEvaluator.evaluate(t, sc.input().withIncidentStart(start));
        ft.add(res.toJson(JSON));
      }
    }
    return o;
  }
}
