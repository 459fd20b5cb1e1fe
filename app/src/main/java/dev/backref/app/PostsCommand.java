package dev.backref.app;

import dev.backref.app.Views.PostView;
import dev.backref.app.Views.TagLabel;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.PostRepository;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.node.ObjectNode;

/** {@code blog posts ...}: list, show, create, edit, delete, tag and untag posts. */
@Command(
    name = "posts",
    description = "List, show, create, edit, delete, tag and untag posts.",
    subcommands = {
      PostsCommand.ListPosts.class,
      PostsCommand.Show.class,
      PostsCommand.Create.class,
      PostsCommand.Edit.class,
      PostsCommand.Delete.class,
      PostsCommand.TagPost.class,
      PostsCommand.UntagPost.class
    })
final class PostsCommand extends Group {

  private static final String FETCH_AUTHOR_HELP =
      "How to load each post's author: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).";

  private static final String FETCH_TAGS_HELP =
      "How to load each post's tags: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).";

  private static final String FETCH_HELP =
      "author=joined,tags=selectin,tags.posts=lazy: a fetch plan, a policy per relation to any depth, shown as a "
          + "tree (a user's relations: posts; a tag's: posts). It replaces --fetch-author and --fetch-tags. One policy "
          + "instead is the author's, as --fetch-author.";

  @Command(name = "list", description = "List posts, oldest first, with their authors and tags.")
  static final class ListPosts extends Action {

    @Option(names = "--author", paramLabel = "USERNAME", description = "Only posts by this user (regardless of case).")
    String author;

    @Option(names = "--title-like", paramLabel = "TEXT", description = "Only posts whose title contains TEXT (regardless of case).")
    String titleLike;

    @Option(names = "--tag", paramLabel = "NAME", description = "Only posts tagged NAME (regardless of case); they still show all their tags.")
    String tag;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N posts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--fetch", paramLabel = "PLAN|POLICY", converter = Fetching.PostsConverter.class, description = FETCH_HELP)
    Fetching<Post> fetch;

    @Option(
        names = "--fetch-author",
        defaultValue = "joined",
        paramLabel = "POLICY",
        converter = FetchPolicies.ToOneConverter.class,
        completionCandidates = FetchPolicies.ToOneNames.class,
        description = FETCH_AUTHOR_HELP)
    FetchPolicy fetchAuthor;

    @Option(
        names = "--fetch-tags",
        defaultValue = "selectin",
        paramLabel = "POLICY",
        converter = FetchPolicies.ToManyConverter.class,
        completionCandidates = FetchPolicies.ToManyNames.class,
        description = FETCH_TAGS_HELP)
    FetchPolicy fetchTags;

    @Override
    int run(BlogCommand blog) {
      if (limit <= 0) {
        throw new UsageException("--limit must be positive, was " + limit);
      }
      PostFilter filter = PostFilter.all().limit(limit);
      if (author != null) {
        filter = filter.authorUsername(author);
      }
      if (titleLike != null) {
        filter = filter.titleContains(titleLike);
      }
      if (tag != null) {
        filter = filter.taggedWith(tag);
      }
      Fetching<Post> fetching = fetching(spec, fetch, fetchAuthor, fetchTags);
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        List<Post> posts = session.backref().posts().findAll(filter, fetching.plan());
        Shown shown = Shown.posts(posts, fetching);
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = fetching.describe(Json.object().put("statements", statements));
          document.set("posts", shown.json());
          blog.out.println(Json.pretty(document));
        } else {
          shown.print(blog.out);
          if (posts.isEmpty()) {
            blog.out.println("no posts");
          }
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "show", description = "Show one post with its author and tags.")
  static final class Show extends Action {

    @Parameters(paramLabel = "ID", description = "The post id.")
    long id;

    @Option(names = "--fetch", paramLabel = "PLAN|POLICY", converter = Fetching.PostsConverter.class, description = FETCH_HELP)
    Fetching<Post> fetch;

    @Option(
        names = "--fetch-author",
        defaultValue = "joined",
        paramLabel = "POLICY",
        converter = FetchPolicies.ToOneConverter.class,
        completionCandidates = FetchPolicies.ToOneNames.class,
        description = FETCH_AUTHOR_HELP)
    FetchPolicy fetchAuthor;

    @Option(
        names = "--fetch-tags",
        defaultValue = "selectin",
        paramLabel = "POLICY",
        converter = FetchPolicies.ToManyConverter.class,
        completionCandidates = FetchPolicies.ToManyNames.class,
        description = FETCH_TAGS_HELP)
    FetchPolicy fetchTags;

    @Override
    int run(BlogCommand blog) {
      Fetching<Post> fetching = fetching(spec, fetch, fetchAuthor, fetchTags);
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        Post post = session.backref().posts().getById(id, fetching.plan());
        Shown shown = Shown.post(post, fetching);
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = fetching.describe(Json.object().put("statements", statements));
          document.set("post", shown.json());
          blog.out.println(Json.pretty(document));
        } else {
          shown.print(blog.out);
          blog.out.println();
          blog.out.println(post.content());
          blog.out.println();
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "create", description = "Create a post.")
  static final class Create extends Action {

    @Option(names = "--author", required = true, paramLabel = "USERNAME", description = "Who writes it.")
    String author;

    @Option(names = "--title", required = true, paramLabel = "TITLE", description = "1 to 120 characters, not blank.")
    String title;

    @Option(names = "--content", required = true, paramLabel = "TEXT", description = "Any text, possibly empty.")
    String content;

    @Option(names = "--tag", paramLabel = "NAME", description = "Tag it NAME (repeatable); missing tags are created.")
    List<String> tags = List.of();

    @Override
    int run(BlogCommand blog) {
      NewPost newPost = new NewPost(title, content);
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        User user = session.backref().users().getByUsername(author, FetchPolicy.NONE);
        Post post = session.backref().posts().create(user.id(), newPost, tags);
        String tagged = post.tags().isEmpty() ? "" : " tagged " + Text.labels(Views.labels(post.tags().get()));
        printPost(blog, session, post, "Created post #" + post.id() + " by " + user.username() + tagged);
        return ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "edit",
      description = {
        "Change a post's title and/or content.",
        "With --version, only if the post is still at that version (optimistic locking); without, at the "
            + "version just read."
      })
  static final class Edit extends Action {

    @Parameters(paramLabel = "ID", description = "The post id.")
    long id;

    @Option(names = "--title", paramLabel = "TITLE", description = "The new title (default: unchanged).")
    String title;

    @Option(names = "--content", paramLabel = "TEXT", description = "The new content (default: unchanged).")
    String content;

    @Option(names = "--version", paramLabel = "V", description = "The version the change is based on; exit code 6 if the post changed since.")
    Long version;

    @Override
    int run(BlogCommand blog) {
      if (title == null && content == null) {
        throw new UsageException("posts edit needs --title, --content or both");
      }
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        PostRepository posts = session.backref().posts();
        Post current = title != null && content != null && version != null ? null : posts.getById(id, FetchPolicy.NONE);
        NewPost change = new NewPost(title != null ? title : current.title(), content != null ? content : current.content());
        Post edited = posts.edit(id, version != null ? version : current.version(), change);
        printPost(blog, session, edited, "Edited post #" + edited.id() + " (now version " + edited.version() + ")");
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "delete", description = "Delete a post.")
  static final class Delete extends Action {

    @Parameters(paramLabel = "ID", description = "The post id.")
    long id;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        session.backref().posts().delete(id);
        int statements = session.statements();
        if (blog.json()) {
          blog.out.println(Json.pretty(Json.object().put("statements", statements).put("deleted", id)));
        } else {
          blog.out.println("Deleted post #" + id);
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "tag",
      description = {
        "Tag a post; missing tags are created.",
        "A tag the post already carries stays as it is, so running it twice changes nothing."
      })
  static final class TagPost extends Action {

    @Parameters(index = "0", paramLabel = "ID", description = "The post id.")
    long id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "Tag names (regardless of case).")
    List<String> names;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        List<TagLabel> tags = Views.labels(session.backref().posts().tag(id, names));
        int statements = session.statements();
        if (blog.json()) {
          ObjectNode document = Json.object().put("statements", statements).put("postId", id);
          document.set("tags", Json.labels(tags));
          blog.out.println(Json.pretty(document));
        } else {
          blog.out.println("Tagged post #" + id + " " + Text.labels(tags));
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "untag", description = "Remove a tag from a post; the tag itself stays.")
  static final class UntagPost extends Action {

    @Parameters(index = "0", paramLabel = "ID", description = "The post id.")
    long id;

    @Parameters(index = "1", paramLabel = "NAME", description = "The tag name (regardless of case).")
    String name;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        boolean removed = session.backref().posts().untag(id, name);
        int statements = session.statements();
        if (blog.json()) {
          blog.out.println(Json.pretty(Json.object().put("statements", statements).put("postId", id).put("tag", name).put("removed", removed)));
        } else {
          blog.out.println(removed ? "Removed tag " + name + " from post #" + id : "Post #" + id + " was not tagged " + name + ": nothing to remove");
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  /**
   * What a read of posts loads: the plan of {@code --fetch}; else the author as {@code --fetch} with
   * one policy or {@code --fetch-author} says, and the tags as {@code --fetch-tags} says.
   *
   * @throws ParameterException if a plan comes with {@code --fetch-author} or {@code --fetch-tags},
   *     or one policy with {@code --fetch-author}: both would say how to load the same relation
   */
  private static Fetching<Post> fetching(CommandSpec spec, Fetching<Post> fetch, FetchPolicy author, FetchPolicy tags) {
    if (fetch == null) {
      return Fetching.posts(author, tags);
    }
    ParseResult given = spec.commandLine().getParseResult();
    if (fetch.tree()) {
      if (given.hasMatchedOption("--fetch-author") || given.hasMatchedOption("--fetch-tags")) {
        throw new ParameterException(spec.commandLine(), "--fetch " + fetch.plan()
            + " is a whole fetch plan, the author and the tags included: leave out --fetch-author and --fetch-tags");
      }
      return fetch;
    }
    if (given.hasMatchedOption("--fetch-author")) {
      throw new ParameterException(spec.commandLine(),
          "--fetch with one policy is the author's, as --fetch-author: give one of them (or a plan: --fetch author=joined,tags=selectin)");
    }
    return Fetching.posts(fetch.policy(), tags);
  }

  private static void printPost(BlogCommand blog, Session session, Post post, String summary) {
    PostView view = Views.post(post, true);
    int statements = session.statements();
    if (blog.json()) {
      ObjectNode document = Json.object().put("statements", statements);
      document.set("post", Json.post(view));
      blog.out.println(Json.pretty(document));
    } else {
      blog.out.println(summary);
      Text.statements(blog.out, statements);
    }
  }
}
