package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the client commands: fetch one JSON answer, then print it raw ({@code --json}) or as text.
 * Exit codes: 0 ok, 1 the collector is unreachable or refused the request (one line on stderr).
 */
abstract class ClientCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      QueryClient http = new QueryClient(client.settings());
      run(http, out);
      return 0;
    } catch (ClientException e) {
      spec.commandLine().getErr().println("faultline: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }

  /** Fetches and prints once; commands that refresh (top) override this. */
  void run(QueryClient http, PrintWriter out) throws ClientException {
    JsonNode body = fetch(http);
    if (client.json) {
      out.println(http.pretty(body));
      out.flush();
    } else {
      print(body, out);
    }
  }

  /** Fetches this command's answer. */
  abstract JsonNode fetch(QueryClient http) throws ClientException;

  /** Prints the answer for humans. */
  abstract void print(JsonNode body, PrintWriter out) throws ClientException;
}
