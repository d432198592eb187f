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
 * The load generator's own JVM for {@code bench --agents-process}, started by {@link AgentsProcess}: the end-to-end
 * phases' agents ({@link InProcessAgents} here), so that their CPU, heap and GC are not the collector's. Talks over
 * its standard streams, one line each way: {@code connect PORT} connects the agents to 127.0.0.1:PORT and answers
 * {@code connected N} (or {@code failed REASON}); {@code stop} stops and closes them and answers {@code stopped};
 * {@code exit} or the end of its input ends it.
 */
@Command(name = "stream-agents", description = "Agents of bench --agents-process (internal: started by the bench).")
public final class StreamAgents implements Callable<Integer> {

  static final String CONNECT = "connect";
  static final String CONNECTED = "connected";
  static final String FAILED = "failed";
  static final String STOP = "stop";
  static final String STOPPED = "stopped";
  static final String EXIT = "exit";

  @Option(names = "--connections", required = true) int connections;
  @Option(names = "--series-per-batch", required = true) int seriesPerBatch;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamAgents()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    BatchFrameTemplate template = new BatchFrameTemplate(seriesPerBatch, 42);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (InProcessAgents agents = new InProcessAgents(connections, seriesPerBatch, template)) {
      for (String line = in.readLine(); line != null && !line.trim().equals(EXIT); line = in.readLine()) {
        String[] words = line.trim().split(" ");
        try {
          if (words[0].equals(CONNECT) && words.length == 2) {
            agents.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(words[1])));
            out.println(CONNECTED + " " + connections);
          } else if (words[0].equals(STOP)) {
            agents.stop();
            out.println(STOPPED);
          } else {
            out.println(FAILED + " unknown command: " + line);
          }
        } catch (Exception e) {
          agents.stop();
          out.println(FAILED + " " + e);
        }
        out.flush();
      }
    }
    return 0;
  }
}
