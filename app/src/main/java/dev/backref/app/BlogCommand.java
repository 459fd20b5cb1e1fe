package dev.backref.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code blog} command: the options every command accepts, and the subcommands. */
@Command(
    name = "blog",
    mixinStandardHelpOptions = true,
    versionProvider = BlogCommand.Version.class,
    description = {
      "A blog on the backref library: users, posts and tags linked both ways, loaded under explicit fetch policies.",
      "Without --db-url it runs embedded PostgreSQL with its data in --data-dir.",
      "Every wait for the database is bounded: --db-connect-timeout, --db-timeout (--db-bulk-timeout for migrate and seed), --db-pool-wait.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      MigrateCommand.class,
      SeedCommand.class,
      UsersCommand.class,
      PostsCommand.class,
      TagsCommand.class,
      ServeCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 not found,",
      "5 name taken, 6 stale version, 7 database unavailable (unreachable, busy, too slow to answer,",
      "or the embedded one cannot start), 8 migration failed, 9 demo: policies returned different graphs."
    })
final class BlogCommand implements Callable<Integer> {

  static final String TIMEOUT_OPTION = "--db-timeout";
  static final String BULK_TIMEOUT_OPTION = "--db-bulk-timeout";
  static final String CONNECT_TIMEOUT_OPTION = "--db-connect-timeout";
  static final String POOL_WAIT_OPTION = "--db-pool-wait";

  @Option(
      names = "--db-url",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      description = "PostgreSQL to use, e.g. jdbc:postgresql://localhost:5432/blog (env BLOG_DB_URL). Default: embedded PostgreSQL.")
  String dbUrl;

  @Option(
      names = "--db-read-url",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      description = "Read replicas for reads outside transactions (every GET of serve), e.g. "
          + "jdbc:postgresql://r1,r2/blog?targetServerType=preferSecondary&loadBalanceHosts=true (env BLOG_DB_READ_URL); "
          + "same user and password as --db-url. Default: read from --db-url.")
  String dbReadUrl;

  @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER", description = "Database user (env BLOG_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password",
      scope = ScopeType.INHERIT,
      paramLabel = "PASSWORD",
      description = "Database password (env BLOG_DB_PASSWORD, preferred: command lines are visible to other users).")
  String dbPassword;

  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Data directory of the embedded PostgreSQL (env BLOG_DATA_DIR). Default: ~/.blog/pgdata; demo: a temporary one.")
  Path dataDir;

  @Option(
      names = TIMEOUT_OPTION,
      scope = ScopeType.INHERIT,
      defaultValue = "5s",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "Longest a statement may run before the server cancels it, e.g. 500ms, 5s, 2m; 0: no limit. "
          + "A server that does not answer at all is given 2s more (env BLOG_DB_TIMEOUT; default: ${DEFAULT-VALUE}).")
  Duration dbTimeout;

  @Option(
      names = BULK_TIMEOUT_OPTION,
      scope = ScopeType.INHERIT,
      defaultValue = "30m",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "The statement timeout of migrate, seed and the migrations other commands apply first; 0: no limit "
          + "(env BLOG_DB_BULK_TIMEOUT; default: ${DEFAULT-VALUE}).")
  Duration dbBulkTimeout;

  @Option(
      names = CONNECT_TIMEOUT_OPTION,
      scope = ScopeType.INHERIT,
      defaultValue = "5s",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "Longest wait to connect to the database and log in, whole seconds (env BLOG_DB_CONNECT_TIMEOUT; default: ${DEFAULT-VALUE}).")
  Duration dbConnectTimeout;

  @Option(
      names = POOL_WAIT_OPTION,
      scope = ScopeType.INHERIT,
      defaultValue = "1s",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "Longest wait for a free connection of the pool, at least 250ms (env BLOG_DB_POOL_WAIT; default: ${DEFAULT-VALUE}).")
  Duration dbPoolWait;

  @Option(
      names = "--format",
      scope = ScopeType.INHERIT,
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (default) or json: exactly one JSON document on standard output.")
  Format format;

  @Option(names = "--sql", scope = ScopeType.INHERIT, description = "Print every SQL statement sent, on standard error.")
  boolean sql;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Stack traces on errors, and library logs.")
  boolean verbose;

  @Spec CommandSpec spec;

  final PrintStream out;
  final PrintStream err;

  /** The timeouts of the database the command opened last, and the option that set its statement timeout. */
  private Database.Timeouts timeoutsInForce;
  private String statementOptionInForce;

  BlogCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** Where the data lives: the database named by {@code --db-url}, else embedded PostgreSQL. */
  Database.Settings databaseSettings(boolean throwawayByDefault) {
    Database.Settings settings;
    if (dbUrl != null) {
      settings = Database.Settings.external(dbUrl, dbUser, dbPassword);
    } else if (dataDir != null) {
      settings = Database.Settings.embedded(dataDir);
    } else {
      settings = throwawayByDefault ? Database.Settings.throwaway() : Database.Settings.embedded(defaultDataDir());
    }
    return settings.readingFrom(dbReadUrl);
  }

  /**
   * The timeouts the options ask for: {@code --db-timeout}, {@code --db-connect-timeout} and {@code
   * --db-pool-wait}.
   *
   * @throws UsageException if the connect timeout is under a second or the pool's wait under 250ms
   */
  Database.Timeouts timeouts() {
    if (dbConnectTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new UsageException(CONNECT_TIMEOUT_OPTION + " must be at least 1s, was " + Durations.format(dbConnectTimeout));
    }
    if (dbPoolWait.compareTo(Database.Timeouts.MIN_POOL_WAIT) < 0) {
      throw new UsageException(POOL_WAIT_OPTION + " must be at least 250ms, was " + Durations.format(dbPoolWait));
    }
    return Database.Timeouts.of(dbTimeout, dbConnectTimeout, dbPoolWait);
  }

  /** {@link #timeouts()} with {@code --db-bulk-timeout} for statements: migrate, seed and migrations. */
  Database.Timeouts bulkTimeouts() {
    return timeouts().withStatement(dbBulkTimeout);
  }

  /** Records which timeouts apply from now on, for the message of a failure. */
  void timeoutsInForce(Database.Timeouts timeouts, String statementOption) {
    this.timeoutsInForce = timeouts;
    this.statementOptionInForce = statementOption;
  }

  /** The one-line message of {@code failure}, naming the timeout in force if it is one. */
  String failureMessage(Throwable failure) {
    return Failures.message(failure, timeoutsInForce, statementOptionInForce);
  }

  static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".blog", "pgdata");
  }

  boolean json() {
    return format == Format.JSON;
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Blog.class.getPackage().getImplementationVersion();
      return new String[] {"blog " + (version == null ? "(development build)" : version)};
    }
  }
}
