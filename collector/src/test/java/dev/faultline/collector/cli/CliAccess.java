package dev.faultline.collector.cli;

/** Visible for tests in other packages: runs the command line in-process ({@link CommandRun}). */
public final class CliAccess {

  private CliAccess() {}

  /** What one run printed and returned. */
  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    CommandRun r = CommandRun.run(args);
    return new Result(r.code(), r.out(), r.err());
  }
}
