package dev.backref.app;

import dev.backref.app.Views.PostView;
import dev.backref.app.Views.UserView;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The text shapes of the command line: one line per user or post, posts indented under users. */
final class Text {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final int TITLE_WIDTH = 60;

  private Text() {}

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static void user(PrintStream out, UserView user) {
    out.println(user.username() + "  (id " + user.id() + ", version " + user.version() + ", created " + time(user.createdAt()) + ")");
    if (!user.postsLoaded()) {
      out.println("    posts not loaded (fetch policy none)");
    } else if (user.posts().isEmpty()) {
      out.println("    no posts");
    } else {
      for (PostView post : user.posts()) {
        out.printf("    #%-7d %s  (%s)%n", post.id(), shorten(post.title(), TITLE_WIDTH), time(post.createdAt()));
      }
    }
  }

  static void users(PrintStream out, List<UserView> users) {
    users.forEach(user -> user(out, user));
  }

  static void post(PrintStream out, PostView post) {
    String author = post.authorLoaded() ? "by " + post.author().username() : "by user #" + post.authorId() + " (author not loaded)";
    out.printf("#%-7d %s  %s  (%s, version %d)%n", post.id(), shorten(post.title(), TITLE_WIDTH), author, time(post.createdAt()), post.version());
  }

  static void posts(PrintStream out, List<PostView> posts) {
    posts.forEach(post -> post(out, post));
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
