package dev.backref.app;

import dev.backref.app.Views.PostView;
import dev.backref.app.Views.TagLabel;
import dev.backref.app.Views.TagView;
import dev.backref.app.Views.UserView;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The text shapes of the command line: one line per user, post or tag, posts indented under users
 * and tags, a post's tags at the end of its line when they were loaded ({@code [java, sql]}).
 */
final class Text {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final int TITLE_WIDTH = 60;

  private Text() {}

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static void user(PrintStream out, UserView user) {
    out.println(user.username() + "  (id " + user.id() + ", version " + user.version() + ", created " + time(user.createdAt()) + ")");
    nestedPosts(out, user.posts());
  }

  static void users(PrintStream out, List<UserView> users) {
    users.forEach(user -> user(out, user));
  }

  static void post(PrintStream out, PostView post) {
    String author = post.authorLoaded() ? "by " + post.author().username() : "by user #" + post.authorId() + " (author not loaded)";
    String tags = post.tagsLoaded() ? "  " + labels(post.tags()) : "";
    out.printf("#%-7d %s  %s  (%s, version %d)%s%n",
        post.id(), shorten(post.title(), TITLE_WIDTH), author, time(post.createdAt()), post.version(), tags);
  }

  static void posts(PrintStream out, List<PostView> posts) {
    posts.forEach(post -> post(out, post));
  }

  /** A tag, then its posts indented, or why there are none. */
  static void tag(PrintStream out, TagView tag) {
    tagLine(out, tag);
    nestedPosts(out, tag.posts());
  }

  /** Tags one after the other; a tag whose posts were not loaded is one line. */
  static void tags(PrintStream out, List<TagView> tags) {
    for (TagView tag : tags) {
      if (tag.postsLoaded()) {
        tag(out, tag);
      } else {
        tagLine(out, tag);
      }
    }
  }

  private static void tagLine(PrintStream out, TagView tag) {
    out.println(tag.name() + "  (id " + tag.id() + ", version " + tag.version() + ", created " + time(tag.createdAt()) + ")");
  }

  /** Tag names as in {@code [java, sql]}; {@code []} for a post without tags. */
  static String labels(List<TagLabel> tags) {
    return "[" + String.join(", ", tags.stream().map(TagLabel::name).toList()) + "]";
  }

  /** The posts of a user or a tag, indented; {@code null} means not loaded. */
  private static void nestedPosts(PrintStream out, List<PostView> posts) {
    if (posts == null) {
      out.println("    posts not loaded (fetch policy none)");
    } else if (posts.isEmpty()) {
      out.println("    no posts");
    } else {
      for (PostView post : posts) {
        out.printf("    #%-7d %s  (%s)%n", post.id(), shorten(post.title(), TITLE_WIDTH), time(post.createdAt()));
      }
    }
  }

  static void statements(PrintStream out, int count) {
    out.println("(" + count + " SQL statement" + (count == 1 ? "" : "s") + ")");
  }

  static String shorten(String text, int width) {
    String line = text.replaceAll("\\s+", " ");
    return line.codePointCount(0, line.length()) <= width
        ? line
        : line.substring(0, line.offsetByCodePoints(0, width - 3)) + "...";
  }
}
