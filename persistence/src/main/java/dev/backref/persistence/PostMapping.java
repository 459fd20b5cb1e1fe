package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;

import dev.backref.domain.Post;
import java.sql.SQLException;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;

/** {@code posts} to {@link Post}: id, user_id, title, content, created_at, version. */
final class PostMapping implements EntityType<Post> {

  static final PostMapping POST = new PostMapping();

  /** Where {@code posts.user_id} is among {@link #columns}, counted from 0. */
  static final int USER_ID = 1;

  private static final Field<?>[] COLUMNS = {POSTS.ID, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT, POSTS.CREATED_AT, POSTS.VERSION};

  private PostMapping() {}

  @Override
  public String name() {
    return "Post";
  }

  @Override
  public Table<?> table() {
    return POSTS;
  }

  @Override
  public String alias() {
    return "p";
  }

  @Override
  public Field<?>[] columns(Table<?> table) {
    if (table == POSTS) {
      return COLUMNS.clone();
    }
    return new Field<?>[] {
      table.field(POSTS.ID),
      table.field(POSTS.USER_ID),
      table.field(POSTS.TITLE),
      table.field(POSTS.CONTENT),
      table.field(POSTS.CREATED_AT),
      table.field(POSTS.VERSION)
    };
  }

  @Override
  public Field<Long> id(Table<?> table) {
    return table.field(POSTS.ID);
  }

  @Override
  public long id(Post post) {
    return post.id();
  }

  @Override
  public RuntimeException notFound(long id) {
    return new PostNotFoundException(id);
  }

  @Override
  public List<Association<Post, ?>> associations() {
    return List.of(Associations.POST_AUTHOR, Associations.POST_TAGS);
  }

  @Override
  public Post read(long id, Row row, int first, Relations relations) throws SQLException {
    return Post.of(
        id,
        row.getLong(first + 1),
        row.getString(first + 2),
        row.getString(first + 3),
        row.getInstant(first + 4),
        row.getLong(first + 5),
        relations.one(Associations.POST_AUTHOR),
        relations.many(Associations.POST_TAGS));
  }
}
