package dev.backref.bench.contender;

import dev.backref.bench.data.Checksum;
import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The streaming floor, two-query form, shaped like the library's SELECT_IN stream: a cursor over
 * the users in id order, {@code batchSize} rows per fetch, and for each batch of {@code batchSize}
 * users one {@code posts.user_id = any(?)} statement, grouped in a hash map and linked by hand as
 * {@link JdbcTwoQueries} does. Each batch goes to the checksum before the next is read.
 */
final class JdbcCursorAny extends CursorFloor {

  private static final String USERS_BY_ID = "select " + Jdbc.USER_COLUMNS + " from users u order by u.id";
  private static final String POSTS_OF =
      "select " + Jdbc.POST_COLUMNS + " from posts p where p.user_id = any(?) order by p.user_id, p.created_at, p.id";

  private record UserRow(long id, String username, Instant createdAt, long version) {}

  JdbcCursorAny(DataSource dataSource, int batchSize) {
    super(dataSource, batchSize);
  }

  @Override
  public long streamAllUsers() {
    return inReadOnlyTransaction(
        connection -> {
          Checksum.Users checksum = Checksum.users();
          try (PreparedStatement users = connection.prepareStatement(USERS_BY_ID);
              PreparedStatement posts = connection.prepareStatement(POSTS_OF)) {
            users.setFetchSize(batchSize);
            try (ResultSet rs = users.executeQuery()) {
              List<UserRow> batch = new ArrayList<>(batchSize);
              boolean more = true;
              while (more) {
                batch.clear();
                while (batch.size() < batchSize && (more = rs.next())) {
                  batch.add(new UserRow(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3), rs.getLong(4)));
                }
                if (!batch.isEmpty()) {
                  fold(connection, posts, batch, checksum);
                }
              }
            }
          }
          return checksum.value();
        });
  }

  private static void fold(Connection connection, PreparedStatement statement, List<UserRow> users, Checksum.Users checksum)
      throws SQLException {
    List<Long> ids = new ArrayList<>(users.size());
    for (UserRow user : users) {
      ids.add(user.id());
    }
    Map<Long, List<Jdbc.PostRow>> byUser = new HashMap<>(users.size() * 2);
    statement.setArray(1, Jdbc.ids(connection, ids));
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        Jdbc.PostRow row = Jdbc.postRow(rs, 1);
        byUser.computeIfAbsent(row.userId(), id -> new ArrayList<>()).add(row);
      }
    }
    for (UserRow user : users) {
      List<Jdbc.PostRow> rows = byUser.getOrDefault(user.id(), List.of());
      User loaded =
          User.of(
              user.id(), user.username(), user.createdAt(), user.version(),
              self -> {
                List<Post> posts = new ArrayList<>(rows.size());
                for (Jdbc.PostRow row : rows) {
                  posts.add(row.toPost(self));
                }
                return ToMany.loaded(posts);
              });
      checksum.add(loaded, loaded.posts().get());
    }
  }
}
