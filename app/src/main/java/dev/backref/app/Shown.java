package dev.backref.app;

import dev.backref.app.Trees.Node;
import dev.backref.app.Views.PostView;
import dev.backref.app.Views.TagView;
import dev.backref.app.Views.UserView;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * What a read shows of the users, posts or tags it loaded, in JSON and in text: the {@linkplain
 * Trees tree} of a fetch plan, or for policies the first shapes ({@link Views}). Built from the
 * graph, reading the relations it shows, so build it before counting statements.
 *
 * <pre>{@code
 * Shown shown = Shown.user(alice, fetch);
 * int statements = recorder.count();
 * }</pre>
 *
 * @param json the user, post or tag as a JSON object, or the list as an array
 * @param text prints it for people
 */
record Shown(JsonNode json, Consumer<PrintStream> text) {

  static Shown user(User user, Fetching<User> fetch) {
    if (fetch.tree()) {
      return tree(Trees.user(user, fetch.plan()));
    }
    UserView view = Views.user(user);
    return new Shown(Json.user(view), out -> Text.user(out, view));
  }

  static Shown users(List<User> users, Fetching<User> fetch) {
    if (fetch.tree()) {
      return trees(Trees.users(users, fetch.plan()));
    }
    List<UserView> views = Views.users(users);
    return new Shown(Json.users(views), out -> Text.users(out, views));
  }

  static Shown post(Post post, Fetching<Post> fetch) {
    if (fetch.tree()) {
      return tree(Trees.post(post, fetch.plan()));
    }
    PostView view = Views.post(post, true);
    return new Shown(Json.post(view), out -> Text.post(out, view));
  }

  static Shown posts(List<Post> posts, Fetching<Post> fetch) {
    if (fetch.tree()) {
      return trees(Trees.posts(posts, fetch.plan()));
    }
    List<PostView> views = Views.posts(posts);
    return new Shown(Json.posts(views), out -> Text.posts(out, views));
  }

  static Shown tag(Tag tag, Fetching<Tag> fetch) {
    if (fetch.tree()) {
      return tree(Trees.tag(tag, fetch.plan()));
    }
    TagView view = Views.tag(tag);
    return new Shown(Json.tag(view), out -> Text.tag(out, view));
  }

  static Shown tags(List<Tag> tags, Fetching<Tag> fetch) {
    if (fetch.tree()) {
      return trees(Trees.tags(tags, fetch.plan()));
    }
    List<TagView> views = Views.tags(tags);
    return new Shown(Json.tags(views), out -> Text.tags(out, views));
  }

  private static Shown tree(Node node) {
    return new Shown(Json.tree(node), out -> Text.tree(out, node));
  }

  private static Shown trees(List<Node> nodes) {
    return new Shown(Json.trees(nodes), out -> Text.trees(out, nodes));
  }

  void print(PrintStream out) {
    text.accept(out);
  }
}
