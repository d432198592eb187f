package dev.faultline.collector.rca.cli;

import dev.faultline.collector.rca.sim.ScenarioWriter;
import dev.faultline.collector.rca.sim.SimCase;
import dev.faultline.collector.rca.sim.SimTopology;
import dev.faultline.collector.rca.sim.Simulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code simulate --out DIR}: writes seeded fault-injection scenarios with known root causes. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Write simulated fault scenarios (with truth.json) for the rca command and rca_score.py.")
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "output folder; one sub-folder per dataset")
  Path out;

  @Option(names = "--topology", defaultValue = "all",
      description = "online-boutique, sock-shop, train-ticket or all (default)")
  String topology;

  @Option(names = "--cases-per-fault", defaultValue = "4", description = "roots per fault type (default ${DEFAULT-VALUE})")
  int perFault;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws IOException {
    if (perFault < 1) {
      spec.commandLine().getErr().println("simulate: --cases-per-fault must be >= 1");
      return 2;
    }
    List<String> shapes = topology.equals("all") ? SimTopology.SHAPES : List.of(topology);
    int n = 0;
    for (String shape : shapes) {
      SimTopology t;
      try {
        t = SimTopology.of(shape);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("simulate: " + e.getMessage());
        return 2;
      }
      for (SimCase c : Simulator.suite(t, perFault, seed + shape.hashCode())) {
        ScenarioWriter.write(c, out.resolve(c.dataset()));
        n++;
      }
    }
    spec.commandLine().getOut().println("wrote " + n + " scenarios under " + out);
    return 0;
  }
}
