package dev.backref.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands, such as {@code users}: run alone, it is a usage error. */
abstract class Group implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean helpRequested;

  @Override
  public final Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
