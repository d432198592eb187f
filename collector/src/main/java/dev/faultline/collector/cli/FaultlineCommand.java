package dev.faultline.collector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code faultline-collector.jar}: the daemon and the on-call engineer's client in one jar. */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    version = "Faultline 0.1.0",
    description = "Stability monitoring for JVM fleets: the collector daemon and its command-line client.",
    subcommands = {
      CommandLine.HelpCommand.class,
      dev.faultline.collector.rca.cli.RcaCommand.class,
      dev.faultline.collector.rca.cli.SimulateCommand.class,
    })
public final class FaultlineCommand implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new FaultlineCommand()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
