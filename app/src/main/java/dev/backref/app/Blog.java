package dev.backref.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The {@code blog} command line: a blog on the backref library, on embedded PostgreSQL unless told
 * to use another database. {@link #main} is what {@code java -jar blog.jar} runs; {@link #run} runs
 * one command in-process, which is how the tests drive it.
 *
 * <pre>{@code
 * int exitCode = Blog.run(new String[] {"users", "show", "alice", "--fetch", "joined", "--format", "json"},
 *     System.out, System.err, System.getenv());
 * }</pre>
 *
 * <p>Every command releases what it opened (pool, embedded server, temporary directories) before
 * {@code run} returns. Failures print one line on {@code err} (a stack trace only with {@code
 * --verbose}) and return an exit code from {@link ExitCodes}. Arguments must not be {@code null}.
 * Thread-safe in the sense that concurrent {@code run} calls share nothing but JVM-wide logging
 * settings.
 */
public final class Blog {

  private Blog() {}

  /** Runs one command and exits the JVM with its exit code; output is UTF-8. */
  public static void main(String... args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err, System.getenv()));
  }

  /**
   * Runs one command.
   *
   * @param args the command line, for example {@code {"users", "list", "--limit", "5"}}
   * @param out where results go (exactly one JSON document with {@code --format json})
   * @param err where errors, {@code --sql} statements and progress go
   * @param env the environment to read {@code BLOG_DB_URL}, {@code BLOG_DB_USER}, {@code
   *     BLOG_DB_PASSWORD}, {@code BLOG_DATA_DIR}, {@code BLOG_DB_TIMEOUT}, {@code
   *     BLOG_DB_BULK_TIMEOUT}, {@code BLOG_DB_CONNECT_TIMEOUT} and {@code BLOG_DB_POOL_WAIT} from
   * @return the exit code: 0 on success, see {@link ExitCodes}
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    Objects.requireNonNull(args, "args");
    Map<String, String> environment = Map.copyOf(Objects.requireNonNull(env, "env"));
    Logging.quietDefaults();
    BlogCommand root = new BlogCommand(out, err);
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine commandLine =
        new CommandLine(root)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(outWriter)
            .setErr(errWriter)
            .setDefaultValueProvider(
                arg -> arg instanceof OptionSpec option ? environment.get(envName(option.longestName())) : null)
            .setExecutionStrategy(
                parseResult -> {
                  Logging.configure(root.verbose);
                  return new CommandLine.RunLast().execute(parseResult);
                })
            .setParameterExceptionHandler(
                (exception, arguments) -> {
                  String command = exception.getCommandLine().getCommandSpec().qualifiedName();
                  err.println(command + ": " + Failures.oneLine(exception.getMessage()) + " (see '" + command + " --help')");
                  return ExitCodes.USAGE;
                })
            .setExecutionExceptionHandler(
                (exception, failedCommandLine, parseResult) -> {
                  err.println("blog: " + root.failureMessage(exception));
                  if (root.verbose) {
                    exception.printStackTrace(err);
                  }
                  return Failures.exitCode(exception);
                });
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
      out.flush();
      err.flush();
    }
  }

  private static String envName(String option) {
    return switch (option) {
      case "--db-url" -> "BLOG_DB_URL";
      case "--db-read-url" -> "BLOG_DB_READ_URL";
      case "--db-user" -> "BLOG_DB_USER";
      case "--db-password" -> "BLOG_DB_PASSWORD";
      case "--data-dir" -> "BLOG_DATA_DIR";
      case BlogCommand.TIMEOUT_OPTION -> "BLOG_DB_TIMEOUT";
      case BlogCommand.BULK_TIMEOUT_OPTION -> "BLOG_DB_BULK_TIMEOUT";
      case BlogCommand.CONNECT_TIMEOUT_OPTION -> "BLOG_DB_CONNECT_TIMEOUT";
      case BlogCommand.POOL_WAIT_OPTION -> "BLOG_DB_POOL_WAIT";
      default -> "";
    };
  }
}
