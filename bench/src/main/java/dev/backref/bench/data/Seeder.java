package dev.backref.bench.data;

import dev.backref.bench.data.Dataset.PostRow;
import dev.backref.bench.data.Dataset.TagRow;
import dev.backref.bench.data.Dataset.UserRow;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a {@link Dataset} into a migrated, empty database with {@code COPY} (ids included, so they
 * are the generator's; {@code post_tags.tagged_at} takes its default), then resets the identity
 * sequences and runs {@code VACUUM (FREEZE, ANALYZE)} so that every contender reads settled pages
 * with fresh statistics.
 */
public final class Seeder {

  private static final int FLUSH_CHARS = 1 << 20;

  private Seeder() {}

  public static void seed(DataSource dataSource, Dataset dataset) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      PGConnection pg = connection.unwrap(PGConnection.class);
      try (Buffer users = new Buffer(pg.getCopyAPI().copyIn("COPY users (id, username, created_at, version) FROM STDIN"))) {
        for (long id = 1; id <= dataset.users(); id++) {
          UserRow user = dataset.user(id);
          users.row(user.id(), user.username(), user.createdAt(), user.version());
        }
      }
      try (Buffer posts =
          new Buffer(pg.getCopyAPI().copyIn("COPY posts (id, user_id, title, content, created_at, version) FROM STDIN"))) {
        for (long id = 1; id <= dataset.users(); id++) {
          for (PostRow post : dataset.posts(id)) {
            posts.row(post.id(), post.userId(), post.title(), post.content(), post.createdAt(), post.version());
          }
        }
      }
      if (dataset.tags() > 0) {
        try (Buffer tags = new Buffer(pg.getCopyAPI().copyIn("COPY tags (id, name, created_at, version) FROM STDIN"))) {
          for (long id = 1; id <= dataset.tags(); id++) {
            TagRow tag = dataset.tag(id);
            tags.row(tag.id(), tag.name(), tag.createdAt(), tag.version());
          }
        }
        try (Buffer links = new Buffer(pg.getCopyAPI().copyIn("COPY post_tags (post_id, tag_id) FROM STDIN"))) {
          for (long postId = 1; postId <= dataset.posts(); postId++) {
            for (long tagId : dataset.tagIds(postId)) {
              links.row(postId, tagId);
            }
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))");
        statement.execute("SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts))");
        statement.execute("VACUUM (FREEZE, ANALYZE) users");
        statement.execute("VACUUM (FREEZE, ANALYZE) posts");
        if (dataset.tags() > 0) {
          statement.execute("SELECT setval(pg_get_serial_sequence('tags', 'id'), (SELECT max(id) FROM tags))");
          statement.execute("VACUUM (FREEZE, ANALYZE) tags");
          statement.execute("VACUUM (FREEZE, ANALYZE) post_tags");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot seed dataset " + dataset.name() + ": " + e.getMessage(), e);
    }
  }

  /** COPY text format; the generated values hold no tab, newline or backslash to escape. */
  private static final class Buffer implements AutoCloseable {
    private final CopyIn copy;
    private final StringBuilder text = new StringBuilder(FLUSH_CHARS + 4096);

    Buffer(CopyIn copy) {
      this.copy = copy;
    }

    void row(Object... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        text.append(i == 0 ? "" : "\t").append(values[i]);
      }
      text.append('\n');
      if (text.length() >= FLUSH_CHARS) {
        flush();
      }
    }

    private void flush() throws SQLException {
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      text.setLength(0);
    }

    @Override
    public void close() throws SQLException {
      flush();
      copy.endCopy();
    }
  }
}
