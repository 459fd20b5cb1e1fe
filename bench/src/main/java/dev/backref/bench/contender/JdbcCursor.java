package dev.backref.bench.contender;

import dev.backref.bench.data.Checksum;
import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The streaming floor, JOIN form: one {@code users left join posts} statement in id order, read
 * through a cursor of {@code batchSize} rows per fetch, folded into users exactly as {@link
 * JdbcJoin} folds them; each user goes to the checksum as soon as its rows end, and is not kept.
 */
final class JdbcCursor extends CursorFloor {

  private static final String ALL_USERS_BY_ID =
      "select u.id, u.username, u.created_at, u.version, p.id, p.title, p.content, p.created_at, p.version"
          + " from users u left join posts p on p.user_id = u.id order by u.id, p.created_at, p.id";

  JdbcCursor(DataSource dataSource, int batchSize) {
    super(dataSource, batchSize);
  }

  @Override
  public long streamAllUsers() {
    return inReadOnlyTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(ALL_USERS_BY_ID)) {
            statement.setFetchSize(batchSize);
            try (ResultSet rs = statement.executeQuery()) {
              return new Folder(rs).fold(Checksum.users());
            }
          }
        });
  }

  /** Folds join rows, adjacent per user, into users while reading them. */
  private static final class Folder {
    private final ResultSet rs;
    private boolean hasRow;

    Folder(ResultSet rs) {
      this.rs = rs;
    }

    long fold(Checksum.Users checksum) throws SQLException {
      hasRow = rs.next();
      while (hasRow) {
        User user = User.of(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3), rs.getLong(4), self -> ToMany.loaded(posts(self)));
        checksum.add(user, user.posts().get());
      }
      return checksum.value();
    }

    private List<Post> posts(User self) {
      List<Post> posts = new ArrayList<>();
      try {
        do {
          long postId = rs.getLong(5);
          if (!rs.wasNull()) {
            posts.add(
                Post.of(postId, self.id(), rs.getString(6), rs.getString(7), Jdbc.instant(rs, 8), rs.getLong(9), ToOne.loaded(self)));
          }
          hasRow = rs.next();
        } while (hasRow && rs.getLong(1) == self.id());
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return posts;
    }
  }
}
