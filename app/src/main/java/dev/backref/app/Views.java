package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.RelationState;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import dev.backref.persistence.PostQuery;
import java.time.Instant;
import java.util.List;

/**
 * What the app shows of users and posts, taken from the loaded graph. Building a view reads what
 * it shows: a LAZY or BATCH relation loads here, a DYNAMIC one runs its query, and a relation that
 * was not loaded stays {@code null} (shown as not loaded, never as empty). Count statements after
 * building the views.
 */
final class Views {

  private Views() {}

  /** A user and, if they were loaded, its posts. */
  record UserView(long id, String username, Instant createdAt, long version, List<PostView> posts) {

    boolean postsLoaded() {
      return posts != null;
    }
  }

  /** A post and, if it was loaded, its author. */
  record PostView(
      long id, long authorId, String title, String content, Instant createdAt, long version, AuthorView author) {

    boolean authorLoaded() {
      return author != null;
    }
  }

  /** The author as embedded in a post: id and username, never the author's own posts. */
  record AuthorView(long id, String username) {}

  static UserView user(User user) {
    ToMany<Post> relation = user.posts();
    List<Post> posts =
        switch (relation.state()) {
          case NOT_LOADED -> null;
          case DYNAMIC -> relation.query(PostQuery.class).fetch();
          case LOADED, LAZY -> relation.get();
        };
    return new UserView(
        user.id(),
        user.username(),
        user.createdAt(),
        user.version(),
        posts == null ? null : posts.stream().map(post -> post(post, false)).toList());
  }

  static List<UserView> users(List<User> users) {
    return users.stream().map(Views::user).toList();
  }

  /** A post; with {@code withAuthor}, its author too if the relation is loaded or lazy. */
  static PostView post(Post post, boolean withAuthor) {
    AuthorView author = null;
    if (withAuthor && post.authorRelation().state() != RelationState.NOT_LOADED) {
      User user = post.author();
      author = new AuthorView(user.id(), user.username());
    }
    return new PostView(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version(), author);
  }

  static List<PostView> posts(List<Post> posts) {
    return posts.stream().map(post -> post(post, true)).toList();
  }
}
