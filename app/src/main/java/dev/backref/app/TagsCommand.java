package dev.backref.app;

import dev.backref.app.Views.TagView;
import dev.backref.domain.Tag;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.TagFilter;
import dev.backref.persistence.TagRepository;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code blog tags ...}: list, show, create, rename and delete tags; tag names compare regardless of case. */
@Command(
    name = "tags",
    description = "List, show, create, rename and delete tags (tag posts with 'blog posts tag').",
    subcommands = {
      TagsCommand.ListTags.class,
      TagsCommand.Show.class,
      TagsCommand.Create.class,
      TagsCommand.Rename.class,
      TagsCommand.Delete.class
    })
final class TagsCommand extends Group {

  private static final String FETCH_HELP =
      "How to load the tag's posts: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). Or a fetch plan, a policy "
          + "per relation to any depth, shown as a tree: posts=selectin,posts.author=joined (a post's relations: author, "
          + "tags; a user's: posts).";

  @Command(
      name = "list",
      description = {
        "List tags by name (regardless of case).",
        "Without --fetch only the tags: a popular tag can carry thousands of posts."
      })
  static final class ListTags extends Action {

    @Option(names = "--name-like", paramLabel = "TEXT", description = "Only tags whose name contains TEXT (regardless of case).")
    String nameLike;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N tags (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--fetch",
        defaultValue = "none",
        paramLabel = "POLICY|PLAN",
        converter = Fetching.TagsConverter.class,
        completionCandidates = FetchPolicies.ToManyNames.class,
        description = FETCH_HELP)
    Fetching<Tag> fetch;

    @Override
    int run(BlogCommand blog) {
      if (limit <= 0) {
        throw new UsageException("--limit must be positive, was " + limit);
      }
      TagFilter filter = TagFilter.all().limit(limit);
      if (nameLike != null) {
        filter = filter.nameContains(nameLike);
      }
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        List<Tag> tags = session.backref().tags().findAll(filter, fetch.plan());
        Shown shown = Shown.tags(tags, fetch);
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = fetch.describe(Json.object().put("statements", statements));
          document.set("tags", shown.json());
          blog.out.println(Json.pretty(document));
        } else {
          shown.print(blog.out);
          if (tags.isEmpty()) {
            blog.out.println("no tags");
          } else if (!fetch.tree() && fetch.policy() == FetchPolicy.NONE) {
            blog.out.println("(posts not loaded: --fetch selectin lists each tag's posts)");
          }
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "show", description = "Show one tag (name compared regardless of case) with its posts.")
  static final class Show extends Action {

    @Parameters(paramLabel = "NAME", description = "The tag to show.")
    String name;

    @Option(
        names = "--fetch",
        defaultValue = "selectin",
        paramLabel = "POLICY|PLAN",
        converter = Fetching.TagsConverter.class,
        completionCandidates = FetchPolicies.ToManyNames.class,
        description = FETCH_HELP)
    Fetching<Tag> fetch;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        Shown tag = Shown.tag(session.backref().tags().getByName(name, fetch.plan()), fetch);
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = fetch.describe(Json.object().put("statements", statements));
          document.set("tag", tag.json());
          blog.out.println(Json.pretty(document));
        } else {
          tag.print(blog.out);
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "create", description = "Create a tag without posts.")
  static final class Create extends Action {

    @Parameters(paramLabel = "NAME", description = "1 to " + Tag.MAX_NAME_LENGTH + " characters, unique regardless of case.")
    String name;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        Tag tag = session.backref().tags().create(name);
        printTag(blog, session, tag, "Created tag " + tag.name() + " (id " + tag.id() + ")");
        return ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "rename",
      description = {
        "Rename a tag; its posts keep it.",
        "With --version, only if the tag is still at that version (optimistic locking); without, at the "
            + "version just read."
      })
  static final class Rename extends Action {

    @Parameters(index = "0", paramLabel = "NAME", description = "The tag to rename.")
    String name;

    @Parameters(index = "1", paramLabel = "NEW_NAME", description = "The new name.")
    String newName;

    @Option(names = "--version", paramLabel = "V", description = "The version the change is based on; exit code 6 if the tag changed since.")
    Long version;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        TagRepository tags = session.backref().tags();
        Tag current = tags.getByName(name, FetchPolicy.NONE);
        Tag renamed = tags.rename(current.id(), version == null ? current.version() : version, newName);
        printTag(blog, session, renamed,
            "Renamed tag " + current.name() + " to " + renamed.name() + " (id " + renamed.id() + ", now version " + renamed.version() + ")");
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "delete", description = "Delete a tag; its posts stay, without it.")
  static final class Delete extends Action {

    @Parameters(paramLabel = "NAME", description = "The tag to delete.")
    String name;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        TagRepository tags = session.backref().tags();
        Tag tag = tags.getByName(name, FetchPolicy.NONE);
        tags.delete(tag.id());
        int statements = session.statements();
        if (blog.json()) {
          blog.out.println(Json.pretty(Json.object().put("statements", statements).put("deleted", tag.id()).put("name", tag.name())));
        } else {
          blog.out.println("Deleted tag " + tag.name() + " (id " + tag.id() + "); its posts stay");
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  private static void printTag(BlogCommand blog, Session session, Tag tag, String summary) {
    TagView view = Views.tag(tag);
    int statements = session.statements();
    if (blog.json()) {
      ObjectNode document = Json.object().put("statements", statements);
      document.set("tag", Json.tag(view));
      blog.out.println(Json.pretty(document));
    } else {
      blog.out.println(summary);
      Text.statements(blog.out, statements);
    }
  }
}
