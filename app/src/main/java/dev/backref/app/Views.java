package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.RelationState;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import dev.backref.persistence.PostQuery;
import dev.backref.persistence.TagQuery;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the app shows of users, posts and tags, taken from the loaded graph. Building a view reads
 * what it shows: a LAZY or BATCH relation loads here, a DYNAMIC one runs its query, and a relation
 * that was not loaded stays {@code null} (shown as not loaded, never as empty). Count statements
 * after building the views.
 *
 * <p>Views never recurse: a user's or a tag's posts are shown without their author and tags, a
 * post's author without its posts, a post's tags without their posts. The graph itself may be
 * cyclic (a post in its tag's posts); its views are trees. These are the first shapes, for reads
 * given as policies; a fetch plan's result is shown to any depth by {@link Trees}.
 */
final class Views {

  private Views() {}

  /** A user and, if they were loaded, its posts. */
  record UserView(long id, String username, Instant createdAt, long version, List<PostView> posts) {

    boolean postsLoaded() {
      return posts != null;
    }
  }

  /** A post and, if they were loaded and asked for, its author and its tags. */
  record PostView(
      long id,
      long authorId,
      String title,
      String content,
      Instant createdAt,
      long version,
      AuthorView author,
      List<TagLabel> tags) {

    boolean authorLoaded() {
      return author != null;
    }

    boolean tagsLoaded() {
      return tags != null;
    }
  }

  /** The author as embedded in a post: id and username, never the author's own posts. */
  record AuthorView(long id, String username) {}

  /** A tag as embedded in a post: id and name, never the tag's own posts. */
  record TagLabel(long id, String name) {}

  /** A tag and, if they were loaded, its posts. */
  record TagView(long id, String name, Instant createdAt, long version, List<PostView> posts) {

    boolean postsLoaded() {
      return posts != null;
    }
  }

  static UserView user(User user) {
    List<Post> posts = read(user.posts(), () -> user.posts().query(PostQuery.class).fetch());
    return new UserView(user.id(), user.username(), user.createdAt(), user.version(), nested(posts));
  }

  static List<UserView> users(List<User> users) {
    return users.stream().map(Views::user).toList();
  }

  /**
   * A post; with {@code withRelations}, its author and its tags too, each if loaded, lazy or (for
   * tags) dynamic. Without, as nested in a user or a tag: neither is read.
   */
  static PostView post(Post post, boolean withRelations) {
    AuthorView author = null;
    List<TagLabel> tags = null;
    if (withRelations) {
      if (post.authorRelation().state() != RelationState.NOT_LOADED) {
        User user = post.author();
        author = new AuthorView(user.id(), user.username());
      }
      List<Tag> loaded = read(post.tags(), () -> post.tags().query(TagQuery.class).fetch());
      tags = loaded == null ? null : labels(loaded);
    }
    return new PostView(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version(), author, tags);
  }

  static List<PostView> posts(List<Post> posts) {
    return posts.stream().map(post -> post(post, true)).toList();
  }

  static TagView tag(Tag tag) {
    List<Post> posts = read(tag.posts(), () -> tag.posts().query(PostQuery.class).fetch());
    return new TagView(tag.id(), tag.name(), tag.createdAt(), tag.version(), nested(posts));
  }

  static List<TagView> tags(List<Tag> tags) {
    return tags.stream().map(Views::tag).toList();
  }

  /** Tags as embedded in a post. */
  static List<TagLabel> labels(List<Tag> tags) {
    return tags.stream().map(tag -> new TagLabel(tag.id(), tag.name())).toList();
  }

  private static List<PostView> nested(List<Post> posts) {
    return posts == null ? null : posts.stream().map(post -> post(post, false)).toList();
  }

  /**
   * What a to-many relation holds, read as its state allows: {@code null} when not loaded, the
   * query's result when dynamic, the (possibly just loaded) list otherwise.
   */
  private static <T> List<T> read(ToMany<T> relation, Supplier<List<T>> dynamicQuery) {
    return switch (relation.state()) {
      case NOT_LOADED -> null;
      case DYNAMIC -> dynamicQuery.get();
      case LOADED, LAZY -> relation.get();
    };
  }
}
