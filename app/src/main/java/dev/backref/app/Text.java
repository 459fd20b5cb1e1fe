package dev.backref.app;

import dev.backref.app.Trees.Node;
import dev.backref.app.Trees.PostNode;
import dev.backref.app.Trees.Ref;
import dev.backref.app.Trees.Related;
import dev.backref.app.Trees.TagNode;
import dev.backref.app.Trees.UserNode;
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
 * and tags, a post's tags at the end of its line when they were loaded ({@code [java, sql]}); a
 * fetch plan's {@linkplain #tree tree} with its relations indented to any depth.
 */
final class Text {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final int TITLE_WIDTH = 60;

  private Text() {}

  /**
   * {@code text} safe for a terminal: control, format (zero-width, bidi) and separator characters
   * shown as {@code \\u001B}, so that a name stored before the text rules (V4) cannot move the
   * cursor or colour the screen.
   */
  static String visible(String text) {
    StringBuilder visible = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int type = Character.getType(c);
      boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
      if (hidden && visible == null) {
        visible = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (visible != null) {
        if (hidden) {
          visible.append(String.format("\\u%04X", c));
        } else {
          visible.appendCodePoint(c);
        }
      }
      i += Character.charCount(c);
    }
    return visible == null ? text : visible.toString();
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static void user(PrintStream out, UserView user) {
    out.println(visible(user.username()) + "  (id " + user.id() + ", version " + user.version() + ", created " + time(user.createdAt()) + ")");
    nestedPosts(out, user.posts());
  }

  static void users(PrintStream out, List<UserView> users) {
    users.forEach(user -> user(out, user));
  }

  static void post(PrintStream out, PostView post) {
    String author = post.authorLoaded() ? "by " + visible(post.author().username()) : "by user #" + post.authorId() + " (author not loaded)";
    String tags = post.tagsLoaded() ? "  " + labels(post.tags()) : "";
    out.printf("#%-7d %s  %s  (%s, version %d)%s%n",
        post.id(), shorten(visible(post.title()), TITLE_WIDTH), author, time(post.createdAt()), post.version(), tags);
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
    out.println(visible(tag.name()) + "  (id " + tag.id() + ", version " + tag.version() + ", created " + time(tag.createdAt()) + ")");
  }

  /** Tag names as in {@code [java, sql]}; {@code []} for a post without tags. */
  static String labels(List<TagLabel> tags) {
    return "[" + String.join(", ", tags.stream().map(tag -> visible(tag.name())).toList()) + "]";
  }

  /** The posts of a user or a tag, indented; {@code null} means not loaded. */
  private static void nestedPosts(PrintStream out, List<PostView> posts) {
    if (posts == null) {
      out.println("    posts not loaded (fetch policy none)");
    } else if (posts.isEmpty()) {
      out.println("    no posts");
    } else {
      for (PostView post : posts) {
        out.printf("    #%-7d %s  (%s)%n", post.id(), shorten(visible(post.title()), TITLE_WIDTH), time(post.createdAt()));
      }
    }
  }

  /**
   * A fetch plan's tree: one line per object, under it the relations the plan named there, indented
   * by four spaces, to any depth. Nested authors and tags say what they are ({@code author alice
   * (id 1, ...)}, {@code tag java (id 3, ...)}; posts start with {@code #id}), an object repeating an
   * ancestor is one line ({@code author User#1 (shown above)}), and a relation says when it is empty
   * ({@code no tags}) or not loaded ({@code tags not loaded (fetch policy none)}).
   */
  static void tree(PrintStream out, Node node) {
    tree(out, node, "", "");
  }

  static void trees(PrintStream out, List<Node> nodes) {
    nodes.forEach(node -> tree(out, node));
  }

  private static void tree(PrintStream out, Node node, String indent, String label) {
    switch (node) {
      case Ref ref -> out.println(indent + label + ref.reference() + " (shown above)");
      case UserNode user -> {
        out.println(indent + label + visible(user.username()) + "  (id " + user.id() + ", version " + user.version()
            + ", created " + time(user.createdAt()) + ")");
        related(out, indent, "posts", "", user.posts());
      }
      case PostNode post -> {
        out.printf("%s%s#%-7d %s  (%s, version %d)%n",
            indent, label, post.id(), shorten(visible(post.title()), TITLE_WIDTH), time(post.createdAt()), post.version());
        related(out, indent, "author", "author ", post.author());
        related(out, indent, "tags", "tag ", post.tags());
      }
      case TagNode tag -> {
        out.println(indent + label + visible(tag.name()) + "  (id " + tag.id() + ", version " + tag.version()
            + ", created " + time(tag.createdAt()) + ")");
        related(out, indent, "posts", "", tag.posts());
      }
    }
  }

  /** The objects of a relation the plan named, one level deeper; nothing for a relation it did not name. */
  private static void related(PrintStream out, String indent, String name, String label, Related related) {
    if (related.policy() == null) {
      return;
    }
    String inner = indent + "    ";
    if (!related.loaded()) {
      out.println(inner + name + " not loaded (fetch policy " + FetchPolicies.name(related.policy()) + ")");
    } else if (related.nodes().isEmpty()) {
      out.println(inner + "no " + name);
    } else {
      related.nodes().forEach(node -> tree(out, node, inner, label));
    }
  }

  static void statements(PrintStream out, int count) {
    out.println("(" + count + " SQL statement" + (count == 1 ? "" : "s") + ")");
  }

  /** Characters that a POSIX shell takes literally outside quotes (those of Python's {@code shlex.quote}). */
  private static final java.util.regex.Pattern SHELL_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

  /**
   * {@code text} as one word of a POSIX shell command line: as it is if every character is taken
   * literally ({@code bob}, {@code 42}), else in single quotes, a quote inside written {@code '\''}:
   * {@code o'hara} is {@code 'o'\''hara'}, {@code two words} is {@code 'two words'} and the empty
   * string {@code ''}.
   */
  static String shellQuoted(String text) {
    if (SHELL_SAFE.matcher(text).matches()) {
      return text;
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }

  static String shorten(String text, int width) {
    String line = text.replaceAll("\\s+", " ");
    return line.codePointCount(0, line.length()) <= width
        ? line
        : line.substring(0, line.offsetByCodePoints(0, width - 3)) + "...";
  }
}
