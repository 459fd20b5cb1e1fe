package dev.backref.app;

import dev.backref.app.Views.UserView;
import dev.backref.domain.User;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.Page;
import dev.backref.persistence.UserOrder;
import dev.backref.persistence.UserRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code blog users ...}: show, list, create, rename and delete users. */
@Command(
    name = "users",
    description = "Show, list, create, rename and delete users.",
    subcommands = {
      UsersCommand.Show.class,
      UsersCommand.ListUsers.class,
      UsersCommand.Create.class,
      UsersCommand.Rename.class,
      UsersCommand.Delete.class
    })
final class UsersCommand extends Group {

  private static final String FETCH_HELP =
      "How to load the posts: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). Or a fetch plan, a policy per "
          + "relation to any depth, shown as a tree: posts=selectin,posts.tags=joined (a post's relations: author, tags; "
          + "a tag's: posts).";

  @Command(name = "show", description = "Show one user (username compared regardless of case) with its posts.")
  static final class Show extends Action {

    @Parameters(paramLabel = "USERNAME", description = "The user to show.")
    String username;

    @Option(
        names = "--fetch",
        defaultValue = "selectin",
        paramLabel = "POLICY|PLAN",
        converter = Fetching.UsersConverter.class,
        completionCandidates = FetchPolicies.ToManyNames.class,
        description = FETCH_HELP)
    Fetching<User> fetch;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        Shown user = Shown.user(session.backref().users().getByUsername(username, fetch.plan()), fetch);
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = fetch.describe(Json.object().put("statements", statements));
          document.set("user", user.json());
          blog.out.println(Json.pretty(document));
        } else {
          user.print(blog.out);
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "list", description = "List users by username or by id, one keyset page at a time.")
  static final class ListUsers extends Action {

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "Users per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--order",
        defaultValue = "username",
        paramLabel = "ORDER",
        converter = UserOrders.Converter.class,
        completionCandidates = UserOrders.Names.class,
        description = "${COMPLETION-CANDIDATES}: by username regardless of case, by id, by id newest first (default: ${DEFAULT-VALUE}).")
    UserOrder order;

    @Option(
        names = "--after",
        paramLabel = "KEY",
        description = "Start after this key, the 'next' of the previous page: a username, or an id with --order id or id-desc.")
    String after;

    @Option(
        names = "--fetch",
        defaultValue = "selectin",
        paramLabel = "POLICY|PLAN",
        converter = Fetching.UsersConverter.class,
        completionCandidates = FetchPolicies.ToManyNames.class,
        description = FETCH_HELP)
    Fetching<User> fetch;

    @Override
    int run(BlogCommand blog) {
      if (limit <= 0) {
        throw new UsageException("--limit must be positive, was " + limit);
      }
      if (after != null && !UserOrders.isKey(order, after)) {
        throw new UsageException("--after takes a user id with --order " + UserOrders.name(order) + ", was '" + after + "'");
      }
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        Page<User> page = session.backref().users().page(order, after, limit, fetch.plan());
        Shown users = Shown.users(page.items(), fetch);
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = fetch.describe(Json.object().put("statements", statements));
          document.set("users", users.json());
          document.put("next", page.next().orElse(null));
          blog.out.println(Json.pretty(document));
        } else {
          users.print(blog.out);
          if (page.items().isEmpty()) {
            blog.out.println("no users" + (after == null ? "" : " after " + after));
          }
          page.next().ifPresent(next -> blog.out.println("next page: " + nextPage(next)));
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }

    /**
     * The command line of the next page, for a POSIX shell: {@code blog users list --order id --after
     * 42}, {@code blog users list --after 'o'\''hara'}; a key that starts with a dash is attached
     * ({@code --after=-x}) so that it is not taken for an option.
     */
    private String nextPage(String next) {
      String ordered = order == UserOrder.USERNAME ? "" : " --order " + UserOrders.name(order);
      return "blog users list" + ordered + (next.startsWith("-") ? " --after=" : " --after ") + Text.shellQuoted(next);
    }
  }

  @Command(name = "create", description = "Create a user without posts.")
  static final class Create extends Action {

    @Parameters(paramLabel = "USERNAME", description = "1 to 80 characters, unique regardless of case.")
    String username;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        User user = session.backref().users().create(username);
        printUser(blog, session, user, "Created user " + user.username() + " (id " + user.id() + ")");
        return ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "rename",
      description = {
        "Rename a user.",
        "With --version, only if the user is still at that version (optimistic locking); without, at the "
            + "version just read."
      })
  static final class Rename extends Action {

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The user to rename.")
    String username;

    @Parameters(index = "1", paramLabel = "NEW_USERNAME", description = "The new username.")
    String newUsername;

    @Option(names = "--version", paramLabel = "V", description = "The version the change is based on; exit code 6 if the user changed since.")
    Long version;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        UserRepository users = session.backref().users();
        User current = users.getByUsername(username, FetchPolicy.NONE);
        User renamed = users.rename(current.id(), version == null ? current.version() : version, newUsername);
        printUser(blog, session, renamed,
            "Renamed " + current.username() + " to " + renamed.username() + " (id " + renamed.id() + ", now version " + renamed.version() + ")");
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "delete", description = "Delete a user and, through the foreign key, its posts.")
  static final class Delete extends Action {

    @Parameters(paramLabel = "USERNAME", description = "The user to delete.")
    String username;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        UserRepository users = session.backref().users();
        User user = users.getByUsername(username, FetchPolicy.NONE);
        users.delete(user.id());
        int statements = session.statements();
        if (blog.json()) {
          blog.out.println(Json.pretty(Json.object().put("statements", statements).put("deleted", user.id()).put("username", user.username())));
        } else {
          blog.out.println("Deleted user " + user.username() + " (id " + user.id() + ") and their posts");
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  private static void printUser(BlogCommand blog, Session session, User user, String summary) {
    UserView view = Views.user(user);
    int statements = session.statements();
    if (blog.json()) {
      ObjectNode document = Json.object().put("statements", statements);
      document.set("user", Json.user(view));
      blog.out.println(Json.pretty(document));
    } else {
      blog.out.println(summary);
      Text.statements(blog.out, statements);
    }
  }
}
