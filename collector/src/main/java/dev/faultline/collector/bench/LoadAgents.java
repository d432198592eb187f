package dev.faultline.collector.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator's own JVM, started by {@link LoadAgentsProcess} for {@code bench --load}, so that a thousand
 * simulated agents do not take CPU, threads and heap from the collector they measure. Talks over its standard
 * streams, one line each way: prints {@code connected N} once the handshakes are done, sends until it reads a line
 * {@code stop} (or its input closes), waits for the acknowledgements and prints {@code done SENT ACKED} (batches),
 * then exits.
 */
@Command(name = "load-agents", description = "Simulated agents for bench --load (internal: started by the bench).")
public final class LoadAgents implements Callable<Integer> {

  static final String CONNECTED = "connected";
  static final String STOP = "stop";
  static final String DONE = "done";

  @Option(names = "--ingest-port", required = true) int ingestPort;
  @Option(names = "--agents", required = true) int agents;
  @Option(names = "--series-per-agent", required = true) int seriesPerAgent;
  @Option(names = "--interval-ms", required = true) long intervalMillis;
  @Option(names = "--drain-ms", defaultValue = "30000") long drainMillis;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadAgents()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    try (AgentFleet fleet = new AgentFleet(agents, seriesPerAgent, intervalMillis)) {
      int connected = fleet.connect(new InetSocketAddress("127.0.0.1", ingestPort), System.err::println);
      out.println(CONNECTED + " " + connected);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.trim().equals(STOP));
      fleet.stopAndDrain(drainMillis);
      out.println(DONE + " " + fleet.sent() + " " + fleet.acked());
      out.flush();
    }
    return 0;
  }
}
