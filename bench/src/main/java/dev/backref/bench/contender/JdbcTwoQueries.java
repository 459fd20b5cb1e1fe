package dev.backref.bench.contender;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
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
 * The floor, two-query form: the root rows, then the related rows of all of them in one {@code =
 * any(?)} statement, grouped in a hash map and linked by hand. The nested graph takes three: users,
 * their posts, then {@code post_tags join tags} for all those posts.
 */
final class JdbcTwoQueries implements Contender {

  private static final String ALL_USERS = "select " + Jdbc.USER_COLUMNS + " from users u order by lower(u.username)";
  private static final String PAGE =
      "select " + Jdbc.USER_COLUMNS + " from users u where lower(u.username) > lower(?) order by lower(u.username) limit ?";
  private static final String BY_ID = "select " + Jdbc.USER_COLUMNS + " from users u where u.id = ?";
  private static final String POSTS_OF =
      "select " + Jdbc.POST_COLUMNS + " from posts p where p.user_id = any(?) order by p.user_id, p.created_at, p.id";
  private static final String FIRST_POSTS =
      "select " + Jdbc.POST_COLUMNS + " from posts p order by p.created_at, p.id limit ?";
  private static final String AUTHORS = "select " + Jdbc.USER_COLUMNS + " from users u where u.id = any(?)";
  private static final String TAGS_OF =
      "select pt.post_id, " + Jdbc.TAG_COLUMNS + " from post_tags pt join tags t on t.id = pt.tag_id"
          + " where pt.post_id = any(?) order by pt.post_id, lower(t.name), t.id";

  private record UserRow(long id, String username, Instant createdAt, long version) {}

  private final DataSource dataSource;

  JdbcTwoQueries(DataSource dataSource) {
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
          List<Jdbc.PostRow> rows = new ArrayList<>(limit);
          try (PreparedStatement statement = connection.prepareStatement(FIRST_POSTS)) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                rows.add(Jdbc.postRow(rs, 1));
              }
            }
          }
          Map<Long, User> authors = new HashMap<>();
          for (Jdbc.PostRow row : rows) {
            authors.putIfAbsent(row.userId(), null);
          }
          try (PreparedStatement statement = connection.prepareStatement(AUTHORS)) {
            statement.setArray(1, Jdbc.ids(connection, new ArrayList<>(authors.keySet())));
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                User author = Jdbc.author(rs, 1);
                authors.put(author.id(), author);
              }
            }
          }
          List<Post> posts = new ArrayList<>(rows.size());
          for (Jdbc.PostRow row : rows) {
            posts.add(row.toPost(authors.get(row.userId())));
          }
          return posts;
        });
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    return Jdbc.insertRolledBack(dataSource, username, posts);
  }

  @Override
  public List<User> nestedGraph() {
    return Jdbc.withConnection(
        dataSource,
        connection -> {
          List<UserRow> users = userRows(connection, ALL_USERS);
          Map<Long, List<Jdbc.PostRow>> posts = postsOf(connection, users);
          Map<Long, List<Tag>> tags = tagsOf(connection, posts);
          List<User> result = new ArrayList<>(users.size());
          for (UserRow user : users) {
            List<Jdbc.PostRow> rows = posts.getOrDefault(user.id(), List.of());
            result.add(
                User.of(
                    user.id(), user.username(), user.createdAt(), user.version(),
                    self -> {
                      List<Post> loaded = new ArrayList<>(rows.size());
                      for (Jdbc.PostRow row : rows) {
                        loaded.add(row.toPost(self, tags.getOrDefault(row.id(), List.of())));
                      }
                      return ToMany.loaded(loaded);
                    }));
          }
          return result;
        });
  }

  private List<User> users(String sql, Object... parameters) {
    return Jdbc.withConnection(
        dataSource,
        connection -> {
          List<UserRow> users = userRows(connection, sql, parameters);
          Map<Long, List<Jdbc.PostRow>> posts = postsOf(connection, users);
          List<User> result = new ArrayList<>(users.size());
          for (UserRow user : users) {
            List<Jdbc.PostRow> rows = posts.getOrDefault(user.id(), List.of());
            result.add(
                User.of(
                    user.id(), user.username(), user.createdAt(), user.version(),
                    self -> {
                      List<Post> loaded = new ArrayList<>(rows.size());
                      for (Jdbc.PostRow row : rows) {
                        loaded.add(row.toPost(self));
                      }
                      return ToMany.loaded(loaded);
                    }));
          }
          return result;
        });
  }

  private static List<UserRow> userRows(Connection connection, String sql, Object... parameters) throws SQLException {
    List<UserRow> users = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          users.add(new UserRow(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3), rs.getLong(4)));
        }
      }
    }
    return users;
  }

  private static Map<Long, List<Jdbc.PostRow>> postsOf(Connection connection, List<UserRow> users) throws SQLException {
    Map<Long, List<Jdbc.PostRow>> byUser = new HashMap<>(users.size() * 2);
    if (users.isEmpty()) {
      return byUser;
    }
    List<Long> ids = new ArrayList<>(users.size());
    for (UserRow user : users) {
      ids.add(user.id());
    }
    try (PreparedStatement statement = connection.prepareStatement(POSTS_OF)) {
      statement.setArray(1, Jdbc.ids(connection, ids));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Jdbc.PostRow row = Jdbc.postRow(rs, 1);
          byUser.computeIfAbsent(row.userId(), id -> new ArrayList<>()).add(row);
        }
      }
    }
    return byUser;
  }

  /** The tags of every post, in one {@code = any(?)} over all post ids; one tag instance per id. */
  private static Map<Long, List<Tag>> tagsOf(Connection connection, Map<Long, List<Jdbc.PostRow>> posts) throws SQLException {
    List<Long> ids = new ArrayList<>();
    for (List<Jdbc.PostRow> rows : posts.values()) {
      for (Jdbc.PostRow row : rows) {
        ids.add(row.id());
      }
    }
    Map<Long, List<Tag>> byPost = new HashMap<>(ids.size() * 2);
    if (ids.isEmpty()) {
      return byPost;
    }
    Map<Long, Tag> tags = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(TAGS_OF)) {
      statement.setArray(1, Jdbc.ids(connection, ids));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Tag tag = Jdbc.tag(rs, rs.getLong(2), 2, tags);
          byPost.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(tag);
        }
      }
    }
    return byPost;
  }
}
