package dev.backref.app;

import dev.backref.app.Views.PostView;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.PostRepository;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code blog posts ...}: list, show, create, edit and delete posts. */
@Command(
    name = "posts",
    description = "List, show, create, edit and delete posts.",
    subcommands = {
      PostsCommand.ListPosts.class,
      PostsCommand.Show.class,
      PostsCommand.Create.class,
      PostsCommand.Edit.class,
      PostsCommand.Delete.class
    })
final class PostsCommand extends Group {

  private static final String FETCH_AUTHOR_HELP =
      "How to load each post's author: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).";

  @Command(name = "list", description = "List posts, oldest first, with their authors.")
  static final class ListPosts extends Action {

    @Option(names = "--author", paramLabel = "USERNAME", description = "Only posts by this user (regardless of case).")
    String author;

    @Option(names = "--title-like", paramLabel = "TEXT", description = "Only posts whose title contains TEXT (regardless of case).")
    String titleLike;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N posts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--fetch-author",
        defaultValue = "joined",
        paramLabel = "POLICY",
        converter = FetchPolicies.ToOneConverter.class,
        completionCandidates = FetchPolicies.ToOneNames.class,
        description = FETCH_AUTHOR_HELP)
    FetchPolicy fetchAuthor;

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
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        List<Post> posts = session.backref().posts().findAll(filter, fetchAuthor);
        List<PostView> views = Views.posts(posts);
        int statements = session.recorder().count();
        if (blog.json()) {
          ObjectNode document = Json.object().put("statements", statements).put("fetchAuthor", FetchPolicies.name(fetchAuthor));
          document.set("posts", Json.posts(views));
          blog.out.println(Json.pretty(document));
        } else {
          Text.posts(blog.out, views);
          if (views.isEmpty()) {
            blog.out.println("no posts");
          }
          Text.statements(blog.out, statements);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "show", description = "Show one post with its author.")
  static final class Show extends Action {

    @Parameters(paramLabel = "ID", description = "The post id.")
    long id;

    @Option(
        names = "--fetch-author",
        defaultValue = "joined",
        paramLabel = "POLICY",
        converter = FetchPolicies.ToOneConverter.class,
        completionCandidates = FetchPolicies.ToOneNames.class,
        description = FETCH_AUTHOR_HELP)
    FetchPolicy fetchAuthor;

    @Override
    int run(BlogCommand blog) {
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        Post post = session.backref().posts().getById(id, fetchAuthor);
        PostView view = Views.post(post, true);
        int statements = session.recorder().count();
        if (blog.json()) {
          ObjectNode document = Json.object().put("statements", statements).put("fetchAuthor", FetchPolicies.name(fetchAuthor));
          document.set("post", Json.post(view));
          blog.out.println(Json.pretty(document));
        } else {
          Text.post(blog.out, view);
          blog.out.println();
          blog.out.println(view.content());
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

    @Override
    int run(BlogCommand blog) {
      NewPost newPost = new NewPost(title, content);
      try (Session session = Session.open(blog, Session.Kind.DATA)) {
        User user = session.backref().users().getByUsername(author, FetchPolicy.NONE);
        Post post = session.backref().posts().create(user.id(), newPost);
        printPost(blog, session, post, "Created post #" + post.id() + " by " + user.username());
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
        int statements = session.recorder().count();
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

  private static void printPost(BlogCommand blog, Session session, Post post, String summary) {
    PostView view = Views.post(post, true);
    int statements = session.recorder().count();
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
