package dev.faultline.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code Main-Class} of the agent jar.
 *
 * <pre>
 * java -jar faultline-agent.jar probe --collector 127.0.0.1:9470 --interval 10s
 * java -jar faultline-agent.jar --help
 * </pre>
 */
@Command(name = "faultline-agent", mixinStandardHelpOptions = true, versionProvider = AgentCli.Version.class,
    subcommands = {ProbeCommand.class, CommandLine.HelpCommand.class},
    description = {"Faultline agent jar. Attach it with -javaagent:faultline-agent.jar[=key=value,...],",
        "or run the stand-alone host probe with the 'probe' command."})
public final class AgentCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = new CommandLine(new AgentCli()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"faultline-agent " + dev.faultline.agent.net.AgentIdentity.AGENT_VERSION};
    }
  }
}
