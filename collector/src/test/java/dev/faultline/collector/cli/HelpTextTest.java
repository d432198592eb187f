package dev.faultline.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders cleanly: picocli formats descriptions with {@code String.format}, so a bare
 * {@code %} in a description makes it warn on stderr and print the raw text instead.
 */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new FaultlineCommand()), commands);
    assertTrue(commands.size() > 10, "subcommands found: " + commands.size());
    PrintStream saved = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    List<String> leftRaw = new ArrayList<>();
    try {
      for (CommandLine command : commands) {
        if (command.getUsageMessage().contains("%n")) {
          leftRaw.add(command.getCommandName());
        }
      }
    } finally {
      System.setErr(saved);
    }
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(), leftRaw, "commands whose help kept a raw %n");
  }

  @Test
  void everyCommandsSummaryLineIsAWholeSentence() {
    // the command list of `faultline --help` shows only the first description line of each subcommand
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new FaultlineCommand()), commands);
    List<String> cut = new ArrayList<>();
    for (CommandLine command : commands) {
      String[] description = command.getCommandSpec().usageMessage().description();
      if (description.length == 0 || !description[0].strip().endsWith(".")) {
        cut.add(command.getCommandName() + ": " + (description.length == 0 ? "(none)" : description[0]));
      }
    }
    assertEquals(List.of(), cut, "summary lines that stop mid-sentence");
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
  }
}
