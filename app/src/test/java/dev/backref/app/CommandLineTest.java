package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** What the command line does before it touches a database: help, version, usage errors. */
class CommandLineTest {

  /** Every command path, from the command tree itself, so that new commands are covered too. */
  static List<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new BlogCommand(System.out, System.err)), new ArrayList<>(), paths);
    return paths;
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      List<String> child = new ArrayList<>(path);
      child.add(name);
      collect(sub, child, paths);
    });
  }

  @Test
  void everyCommandHasHelp() {
    List<List<String>> paths = commandPaths();
    assertThat(paths).hasSizeGreaterThanOrEqualTo(25)
        .contains(List.of("users", "rename"), List.of("posts", "edit"), List.of("posts", "tag"), List.of("tags", "rename"), List.of("serve"));
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Cli.Result result = Cli.run(Map.of(), args);
      assertThat(result.exitCode()).as(path.toString()).isZero();
      assertThat(result.out()).as(path.toString()).startsWith("Usage: blog" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
      assertThat(result.err()).isEmpty();
    }
  }

  @Test
  void descriptionsAreWholeParagraphsSoThatHelpWrapsThemAtSentenceEnds() {
    List<CommandLine> commands = new ArrayList<>();
    List<CommandLine> toVisit = new ArrayList<>(List.of(new CommandLine(new BlogCommand(System.out, System.err))));
    while (!toVisit.isEmpty()) {
      CommandLine command = toVisit.removeFirst();
      commands.add(command);
      toVisit.addAll(command.getSubcommands().values());
    }
    for (CommandLine command : commands) {
      assertThat(command.getCommandSpec().usageMessage().description())
          .as("each line of '%s' is printed on a line of its own, so a sentence cut in two is wrapped raggedly",
              command.getCommandSpec().qualifiedName())
          .allMatch(line -> line.isEmpty() || line.endsWith("."));
    }
  }

  @Test
  void fetchHelpListsThePolicies() {
    assertThat(Cli.run("users", "show", "--help").out().replaceAll("\\s+", " "))
        .contains("How to load the posts: none, joined, multiset, subquery, selectin, lazy, batch, dynamic (default: selectin)");
    assertThat(Cli.run("posts", "list", "--help").out().replaceAll("\\s+", " "))
        .contains("none, joined, multiset, subquery, selectin, lazy, batch (default: joined)")
        .contains("How to load each post's tags: none, joined, multiset, subquery, selectin, lazy, batch, dynamic (default: selectin)");
    assertThat(Cli.run("tags", "list", "--help").out().replaceAll("\\s+", " "))
        .contains("How to load the tag's posts: none, joined, multiset, subquery, selectin, lazy, batch, dynamic (default: none)");
    assertThat(Cli.run("tags", "show", "--help").out().replaceAll("\\s+", " ")).contains("(default: selectin)");
  }

  @Test
  void fetchHelpOffersPlans() {
    assertThat(Cli.run("users", "list", "--help").out().replaceAll("\\s+", " "))
        .contains("--fetch=POLICY|PLAN")
        .contains("Or a fetch plan, a policy per relation to any depth, shown as a tree: posts=selectin,posts.tags=joined")
        .contains("--order=ORDER username, id, id-desc: by username regardless of case, by id, by id newest first (default: username)");
    assertThat(Cli.run("posts", "show", "--help").out().replaceAll("\\s+", " "))
        .contains("--fetch=PLAN|POLICY author=joined,tags=selectin,tags.posts=lazy: a fetch plan, a policy per relation to any depth")
        .contains("It replaces --fetch-author and --fetch-tags. One policy instead is the author's, as --fetch-author.");
    assertThat(Cli.run("tags", "show", "--help").out().replaceAll("\\s+", " ")).contains("posts=selectin,posts.author=joined");
  }

  @Test
  void anIdOrderTakesAnIdAfterItBeforeTouchingAnyDatabase() {
    Cli.Result result = Cli.run("users", "list", "--order", "id-desc", "--after", "bob");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("blog: --after takes a user id with --order id-desc, was 'bob'" + System.lineSeparator());
  }

  @Test
  void versionComesFromTheManifestOrSaysDevelopment() {
    Cli.Result result = Cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("blog ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "users show alice --fetch eager     | blog users show: Invalid value for option '--fetch': 'eager' is not a fetch policy here; use one of none, joined, multiset, subquery, selectin, lazy, batch, dynamic",
        "posts list --fetch-author dynamic  | blog posts list: Invalid value for option '--fetch-author': 'dynamic' is not a fetch policy here; dynamic applies to to-many relations (posts, tags)",
        "users show                         | blog users show: Missing required parameter: 'USERNAME'",
        "users list --limit many            | blog users list: Invalid value for option '--limit': 'many' is not an int",
        "users frobnicate                   | blog users: Unmatched argument at index 1: 'frobnicate'",
        "users                              | blog users: Missing subcommand: one of show, list, create, rename, delete",
        "tags                               | blog tags: Missing subcommand: one of list, show, create, rename, delete",
        "posts tag 42                       | blog posts tag: Missing required parameter: 'NAME'",
        "posts untag 42                     | blog posts untag: Missing required parameter: 'NAME'",
        "posts show 42 --fetch-tags eager   | blog posts show: Invalid value for option '--fetch-tags': 'eager' is not a fetch policy here; use one of none,",
        "tags show java --fetch eager       | blog tags show: Invalid value for option '--fetch': 'eager' is not a fetch policy here",
        "''                                 | blog: Missing command",
        "migrate --info --validate          | blog migrate: Error: --info, --validate are mutually exclusive",
        "posts create --author a --title t  | blog posts create: Missing required option: '--content=TEXT'",
        "users list --format yaml           | blog users list: Invalid value for option '--format': expected one of [TEXT, JSON]",
        "users show alice --fetch posts.tags=joined | blog users show: Invalid value for option '--fetch': 'posts.tags' needs 'posts' earlier in the plan",
        "users list --fetch posts=selectin,posts.comments=joined | blog users list: Invalid value for option '--fetch': 'posts.comments': Post has no relation 'comments'; its relations are author, tags",
        "users show alice --fetch author=joined | blog users show: Invalid value for option '--fetch': 'author': User has no relation 'author'; its relations are posts",
        "users show alice --fetch posts=none,posts.tags=joined | blog users show: Invalid value for option '--fetch': 'posts=none,posts.tags=joined' cannot be honoured: User.posts is NONE: nothing below it can load",
        "tags show java --fetch posts=sometimes | blog tags show: Invalid value for option '--fetch': 'sometimes' is not a fetch policy; use one of none, joined,",
        "posts show 42 --fetch author=dynamic | blog posts show: Invalid value for option '--fetch': 'author=dynamic' cannot be honoured: FetchPolicy.DYNAMIC applies to to-many relations",
        "posts list --fetch eager           | blog posts list: Invalid value for option '--fetch': 'eager' is not a fetch policy here; use one of none,",
        "posts list --fetch author=joined,tags=selectin --fetch-tags lazy | blog posts list: --fetch author=joined,tags=selectin is a whole fetch plan, the author and the tags included: leave out --fetch-author and --fetch-tags",
        "posts show 42 --fetch tags=joined --fetch-author lazy | blog posts show: --fetch tags=joined is a whole fetch plan, the author and the tags included: leave out --fetch-author and --fetch-tags",
        "posts list --fetch joined --fetch-author lazy | blog posts list: --fetch with one policy is the author's, as --fetch-author: give one of them",
        "users list --order newest          | blog users list: Invalid value for option '--order': 'newest' is not an order; use one of username, id, id-desc",
        "users list --db-timeout 5sec       | blog users list: Invalid value for option '--db-timeout': '5sec' is not a duration; use for example 500ms, 5s, 2m or 1h",
        "users list --db-pool-wait=-1s      | blog users list: Invalid value for option '--db-pool-wait': '-1s' is negative",
        "--db-connect-timeout 2d users list | blog: Invalid value for option '--db-connect-timeout': '2d' is not a duration",
        "seed --db-bulk-timeout 25h         | blog seed: Invalid value for option '--db-bulk-timeout': '25h' is longer than a day",
      })
  void usageErrorsPrintOneLineAndExitTwoBeforeTouchingAnyDatabase(String commandLine, String message) {
    List<String> args = commandLine.isBlank() ? List.of() : List.of(commandLine.trim().split("\\s+"));

    Cli.Result result = Cli.run(Map.of(), args);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith(message).endsWith("--help')" + System.lineSeparator());
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void aNonPostgresUrlIsAUsageError() {
    Cli.Result result = Cli.run("--db-url", "jdbc:mysql://localhost/blog", "users", "list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo(
        "blog: --db-url must be a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/blog, was jdbc:mysql://localhost/blog"
            + System.lineSeparator());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://localhost:notaport/blog", "jdbc:postgresql://localhost:99999/blog"})
  void aMalformedPostgresUrlIsAUsageError(String url) {
    Cli.Result result = Cli.run("--db-url", url, "users", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo(
        "blog: --db-url is not a valid PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE, port 1 to 65535), was " + url
            + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://u:secret@127.0.0.1:1/blog | --db-url must not carry a user or password (user:password@), was "
            + "jdbc:postgresql://u:***@127.0.0.1:1/blog: give them with --db-user and --db-password, or BLOG_DB_USER and BLOG_DB_PASSWORD",
        "jdbc:postgresql://u:p@ss/w@rd@host/blog?ssl=true | --db-url must not carry a user or password (user:password@), was "
            + "jdbc:postgresql://u:***@host/blog?ssl=true: give them with --db-user and --db-password, or BLOG_DB_USER and BLOG_DB_PASSWORD",
        "jdbc:postgresql://                  | --db-url names no host (jdbc:postgresql://HOST[:PORT]/DATABASE), was jdbc:postgresql://",
        "jdbc:postgresql:///blog             | --db-url names no host (jdbc:postgresql://HOST[:PORT]/DATABASE), was jdbc:postgresql:///blog",
        "jdbc:postgresql://:5432/blog        | --db-url names no host (jdbc:postgresql://HOST[:PORT]/DATABASE), was jdbc:postgresql://:5432/blog",
        "jdbc:postgresql://db1,:5433/blog?password=secret | --db-url names no host (jdbc:postgresql://HOST[:PORT]/DATABASE), was "
            + "jdbc:postgresql://db1,:5433/blog?password=***",
      })
  void aUrlWithNoHostOrWithAPasswordBeforeTheHostIsAUsageErrorThatHidesThePassword(String url, String message) {
    Cli.Result result = Cli.run("--db-url", url, "users", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("blog: " + message + System.lineSeparator());
    assertThat(result.err()).doesNotContain("secret", "p@ss", "w@rd");
  }

  @Test
  void aPasswordInTheUrlsQueryIsNeverPrinted() {
    Cli.Result result = Cli.run("--db-url", "jdbc:postgresql://127.0.0.1:1/blog?user=u&password=secret&sslpassword=secret2&ssl=false",
        "users", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(result.err()).isEqualTo("blog: Cannot connect to jdbc:postgresql://127.0.0.1:1/blog?user=u&password=***&sslpassword=***&ssl=false: "
        + "Connection refused" + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://h/blog                          | jdbc:postgresql://h/blog",
        "jdbc:postgresql://h/blog?password=x               | jdbc:postgresql://h/blog?password=***",
        "jdbc:postgresql://h/blog?ssl=true&PASSWORD=x&a=b  | jdbc:postgresql://h/blog?ssl=true&PASSWORD=***&a=b",
        "jdbc:postgresql://alice:secret@h:5432/blog        | jdbc:postgresql://alice:***@h:5432/blog",
        "jdbc:postgresql://alice@h/blog                    | jdbc:postgresql://alice@h/blog",
        "jdbc:postgresql:blog?password=                    | jdbc:postgresql:blog?password=***",
      })
  void redactedUrlsKeepEverythingButPasswords(String url, String redacted) {
    assertThat(Database.redact(url)).isEqualTo(redacted);
  }

  @Test
  void timeoutsOutOfRangeAreUsageErrorsBeforeTouchingAnyDatabase() {
    Cli.Result connect = Cli.run("--db-url", "jdbc:postgresql://127.0.0.1:1/blog", "users", "list", "--db-connect-timeout", "0");
    Cli.Result wait = Cli.run("--db-url", "jdbc:postgresql://127.0.0.1:1/blog", "users", "list", "--db-pool-wait", "100ms");

    assertThat(connect.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(connect.err()).isEqualTo("blog: --db-connect-timeout must be at least 1s, was 0" + System.lineSeparator());
    assertThat(wait.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(wait.err()).isEqualTo("blog: --db-pool-wait must be at least 250ms, was 100ms" + System.lineSeparator());
  }

  @Test
  void timeoutsComeFromTheEnvironmentAndAreCheckedThere() {
    Cli.Result result = Cli.run(Map.of("BLOG_DB_TIMEOUT", "soon"), List.of("users", "list"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("blog: Invalid value for option '--db-timeout': 'soon' is not a duration");
  }

  @Test
  void helpShowsTheTimeoutsAndTheirDefaults() {
    String help = Cli.run("users", "list", "--help").out().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("--db-timeout=DURATION Longest a statement may run before the server cancels it")
        .contains("(env BLOG_DB_TIMEOUT; default: 5s)")
        .contains("--db-bulk-timeout=DURATION", "(env BLOG_DB_BULK_TIMEOUT; default: 30m)")
        .contains("--db-connect-timeout=DURATION", "(env BLOG_DB_CONNECT_TIMEOUT; default: 5s)")
        .contains("--db-pool-wait=DURATION", "(env BLOG_DB_POOL_WAIT; default: 1s)");
  }

  @Test
  void theDatabaseUrlComesFromTheEnvironmentWhenNotGiven() {
    Cli.Result result = Cli.run(Map.of("BLOG_DB_URL", "jdbc:mysql://from-env/blog"), List.of("users", "list"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("was jdbc:mysql://from-env/blog");
  }
}
