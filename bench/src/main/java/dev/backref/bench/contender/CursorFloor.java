package dev.backref.bench.contender;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the two streaming floors share: they take part in the stream scenario only, and read in one
 * read-only transaction (pgjdbc honours a fetch size only with auto-commit off), which they open
 * and end as the library's {@code streamAll} does.
 */
abstract class CursorFloor implements Contender {

  @FunctionalInterface
  interface Read {
    long run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  final int batchSize;

  CursorFloor(DataSource dataSource, int batchSize) {
    this.dataSource = dataSource;
    this.batchSize = batchSize;
  }

  /** Runs {@code read} in a read-only transaction, then rolls it back and restores the connection. */
  final long inReadOnlyTransaction(Read read) {
    return Jdbc.withConnection(
        dataSource,
        connection -> {
          connection.setAutoCommit(false);
          connection.setReadOnly(true);
          try {
            return read.run(connection);
          } finally {
            connection.rollback();
            connection.setReadOnly(false);
            connection.setAutoCommit(true);
          }
        });
  }

  @Override
  public final List<User> allUsers() {
    throw unsupported();
  }

  @Override
  public final List<User> page(String afterUsername, int limit) {
    throw unsupported();
  }

  @Override
  public final User userById(long id) {
    throw unsupported();
  }

  @Override
  public final List<Post> firstPosts(int limit) {
    throw unsupported();
  }

  @Override
  public final List<User> nestedGraph() {
    throw unsupported();
  }

  @Override
  public final User insertRolledBack(String username, List<NewPost> posts) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(getClass().getSimpleName() + " only streams");
  }
}
