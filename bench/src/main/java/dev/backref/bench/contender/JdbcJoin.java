package dev.backref.bench.contender;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
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
 * The floor, JOIN form: one hand-written statement per operation, rows read straight from the
 * {@link ResultSet} into the immutable graph (posts are built inside {@code User.of}'s callback
 * while the cursor advances, so no row is buffered). The nested graph is one {@code users left
 * join posts left join (post_tags join tags)}.
 */
final class JdbcJoin implements Contender {

  private static final String USERS_WITH_POSTS =
      "select u.id, u.username, u.created_at, u.version, p.id, p.title, p.content, p.created_at, p.version"
          + " from (%s) u left join posts p on p.user_id = u.id order by %s, p.created_at, p.id";
  private static final String ALL_USERS = USERS_WITH_POSTS.formatted("select * from users", "lower(u.username)");
  private static final String PAGE =
      USERS_WITH_POSTS.formatted(
          "select * from users where lower(username) > lower(?) order by lower(username) limit ?", "lower(u.username)");
  private static final String BY_ID = USERS_WITH_POSTS.formatted("select * from users where id = ?", "u.id");
  private static final String NESTED_GRAPH =
      "select u.id, u.username, u.created_at, u.version, p.id, p.title, p.content, p.created_at, p.version, "
          + Jdbc.TAG_COLUMNS
          + " from users u left join posts p on p.user_id = u.id"
          + " left join (post_tags pt join tags t on t.id = pt.tag_id) on pt.post_id = p.id"
          + " order by lower(u.username), p.created_at, p.id, lower(t.name), t.id";
  private static final String FIRST_POSTS =
      "select " + Jdbc.POST_COLUMNS + ", " + Jdbc.USER_COLUMNS
          + " from (select * from posts order by created_at, id limit ?) p join users u on u.id = p.user_id"
          + " order by p.created_at, p.id";

  private final DataSource dataSource;

  JdbcJoin(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<User> allUsers() {
    return users(ALL_USERS);
  }

  @Override
  public List<User> page(String afterUsername, int limit) {
    return users(PAGE, afterUsername, limit);
  }

  @Override
  public User userById(long id) {
    return users(BY_ID, id).getFirst();
  }

  @Override
  public List<Post> firstPosts(int limit) {
    return Jdbc.withConnection(
        dataSource,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(FIRST_POSTS)) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
              List<Post> posts = new ArrayList<>(limit);
              Map<Long, User> authors = new HashMap<>();
              while (rs.next()) {
                User author = authors.get(rs.getLong(7));
                if (author == null) {
                  author = Jdbc.author(rs, 7);
                  authors.put(author.id(), author);
                }
                posts.add(Jdbc.postRow(rs, 1).toPost(author));
              }
              return posts;
            }
          }
        });
  }

  @Override
  public List<User> nestedGraph() {
    return Jdbc.withConnection(
        dataSource,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(NESTED_GRAPH);
              ResultSet rs = statement.executeQuery()) {
            return new GraphFolder(rs).users();
          }
        });
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    return Jdbc.insertRolledBack(dataSource, username, posts);
  }

  private List<User> users(String sql, Object... parameters) {
    return Jdbc.withConnection(
        dataSource,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
              return new Folder(rs).users();
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

    List<User> users() throws SQLException {
      List<User> users = new ArrayList<>();
      hasRow = rs.next();
      while (hasRow) {
        users.add(User.of(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3), rs.getLong(4), self -> ToMany.loaded(posts(self))));
      }
      return users;
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

  /**
   * Folds join rows, adjacent per user and then per post, into users, posts and tags while reading
   * them (one tag instance per id in the load).
   */
  private static final class GraphFolder {
    private final ResultSet rs;
    private final Map<Long, Tag> tags = new HashMap<>();
    private boolean hasRow;

    GraphFolder(ResultSet rs) {
      this.rs = rs;
    }

    List<User> users() throws SQLException {
      List<User> users = new ArrayList<>();
      hasRow = rs.next();
      while (hasRow) {
        users.add(User.of(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3), rs.getLong(4), self -> ToMany.loaded(posts(self))));
      }
      return users;
    }

    private List<Post> posts(User self) {
      List<Post> posts = new ArrayList<>();
      try {
        do {
          long postId = rs.getLong(5);
          if (rs.wasNull()) {
            hasRow = rs.next();
            continue;
          }
          String title = rs.getString(6);
          String content = rs.getString(7);
          Instant createdAt = Jdbc.instant(rs, 8);
          long version = rs.getLong(9);
          List<Tag> own = new ArrayList<>();
          do {
            long tagId = rs.getLong(10);
            if (!rs.wasNull()) {
              own.add(Jdbc.tag(rs, tagId, 10, tags));
            }
            hasRow = rs.next();
          } while (hasRow && rs.getLong(5) == postId);
          posts.add(Post.of(postId, self.id(), title, content, createdAt, version, ToOne.loaded(self), ToMany.loaded(own)));
        } while (hasRow && rs.getLong(1) == self.id());
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return posts;
    }
  }
}
