package dev.backref.persistence;

import static dev.backref.persistence.PostMapping.POST;
import static dev.backref.persistence.TagMapping.TAG;
import static dev.backref.persistence.UserMapping.USER;
import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.jooq.impl.DSL.lower;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.jooq.Tables;
import java.util.List;
import org.jooq.SortField;
import org.jooq.Table;

/** The relations of the blog schema, each described once; the loading engine works on any of them. */
final class Associations {

  // Orders over the tables themselves, built once; aliased tables get theirs built per statement.
  private static final List<SortField<?>> POST_ORDER = List.of(POSTS.CREATED_AT.asc(), POSTS.ID.asc());
  private static final List<SortField<?>> TAG_ORDER = List.of(lower(TAGS.NAME).asc(), TAGS.ID.asc());

  /** {@code user.posts()}: posts by {@code created_at}, then id. */
  static final Association.OneToMany<User, Post> USER_POSTS =
      new Association.OneToMany<>(
          "posts", USER, POST, POSTS.USER_ID, PostMapping.USER_ID, "author", User::posts,
          Associations::postOrder);

  /** {@code post.author()}, through {@code posts.user_id}. */
  static final Association.ManyToOne<Post, User> POST_AUTHOR =
      new Association.ManyToOne<>("author", POST, USER, POSTS.USER_ID, Post::authorId, "posts", Post::authorRelation);

  /** {@code post.tags()} through {@code post_tags}: tags by name regardless of case, then id. */
  static final Association.ManyToMany<Post, Tag> POST_TAGS =
      new Association.ManyToMany<>(
          "tags", POST, TAG, Tables.POST_TAGS, Tables.POST_TAGS.POST_ID, Tables.POST_TAGS.TAG_ID, "posts", Post::tags,
          Associations::tagOrder);

  /** {@code tag.posts()} through {@code post_tags}: posts by {@code created_at}, then id. */
  static final Association.ManyToMany<Tag, Post> TAG_POSTS =
      new Association.ManyToMany<>(
          "posts", TAG, POST, Tables.POST_TAGS, Tables.POST_TAGS.TAG_ID, Tables.POST_TAGS.POST_ID, "tags", Tag::posts,
          Associations::postOrder);

  private Associations() {}

  private static List<SortField<?>> postOrder(Table<?> posts) {
    return posts == POSTS ? POST_ORDER : List.of(posts.field(POSTS.CREATED_AT).asc(), posts.field(POSTS.ID).asc());
  }

  private static List<SortField<?>> tagOrder(Table<?> tags) {
    return tags == TAGS ? TAG_ORDER : List.of(lower(tags.field(TAGS.NAME)).asc(), tags.field(TAGS.ID).asc());
  }
}
