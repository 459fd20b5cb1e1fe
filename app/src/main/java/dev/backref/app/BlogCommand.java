package dev.backref.app;

import java.io.PrintStream;
import java.nio.file.Path;
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
      "5 name taken, 6 stale version, 7 database unavailable, 8 migration failed,",
      "9 demo: policies returned different graphs."
    })
final class BlogCommand implements Callable<Integer> {

  @Option(
      names = "--db-url",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      description = "PostgreSQL to use, e.g. jdbc:postgresql://localhost:5432/blog (env BLOG_DB_URL). Default: embedded PostgreSQL.")
  String dbUrl;

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
    if (dbUrl != null) {
      return Database.Settings.external(dbUrl, dbUser, dbPassword);
    }
    if (dataDir != null) {
      return Database.Settings.embedded(dataDir);
    }
    return throwawayByDefault ? Database.Settings.throwaway() : Database.Settings.embedded(defaultDataDir());
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
