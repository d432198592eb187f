package dev.faultline.collector.cli;

import dev.faultline.collector.rca.cli.RcaCommand;
import dev.faultline.collector.rca.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code faultline-collector.jar}: the daemon and the on-call engineer's client in one jar. */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    version = "Faultline 0.1.0",
    description = "Stability monitoring for JVM fleets: the collector daemon and its command-line client.",
    subcommands = {
      RunCommand.class,
      ServicesCommand.class,
      HostsCommand.class,
      SeriesCommand.class,
      QueryCommand.class,
      StatusCommand.class,
      AnomaliesCommand.class,
      IncidentsCommand.class,
      IncidentCommand.class,
      TopologyCommand.class,
      TopCommand.class,
      WhatIfCommand.class,
      DetectCommand.class,
      RcaCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class FaultlineCommand implements Runnable {

  public static void main(String[] args) {
    // Before any logger exists: keep the log handler alive until our shutdown hook has logged the stop.
    System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
    System.exit(new CommandLine(new FaultlineCommand()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
