package dev.backref.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that does something; subclasses are the leaves of the command tree. */
abstract class Action implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean helpRequested;

  @Override
  public final Integer call() throws Exception {
    return run((BlogCommand) spec.root().userObject());
  }

  /** Runs the command; returns the exit code. */
  abstract int run(BlogCommand blog) throws Exception;
}
