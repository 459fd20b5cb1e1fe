package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.Mapping.PostColumns;
import dev.backref.persistence.Mapping.UserColumns;
import dev.backref.persistence.jooq.tables.records.UsersRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

final class JooqUserRepository implements UserRepository {

  private static final List<SortField<?>> BY_ID = List.of(USERS.ID.asc());
  private static final List<SortField<?>> BY_USERNAME = List.of(lower(USERS.USERNAME).asc());
  private static final String RENAMED_HINT =
      "rename returns the new snapshot without posts; load the user with a posts fetch policy";

  private final Backref backref;
  private final UserGraph graph;

  JooqUserRepository(Backref backref) {
    this.backref = backref;
    this.graph = new UserGraph(backref);
  }

  @Override
  public Optional<User> findById(long id, FetchPolicy posts) {
    return single(new UserGraph.Root(USERS.ID.eq(id), BY_ID, null), posts);
  }

  @Override
  public User getById(long id, FetchPolicy posts) {
    return findById(id, posts).orElseThrow(() -> UserNotFoundException.byId(id));
  }

  @Override
  public Optional<User> findByUsername(String username, FetchPolicy posts) {
    Objects.requireNonNull(username, "username");
    return single(new UserGraph.Root(lower(USERS.USERNAME).eq(lower(val(username))), BY_ID, null), posts);
  }

  @Override
  public User getByUsername(String username, FetchPolicy posts) {
    return findByUsername(username, posts).orElseThrow(() -> UserNotFoundException.byUsername(username));
  }

  @Override
  public List<User> findAll(UserFilter filter, FetchPolicy posts) {
    Objects.requireNonNull(filter, "filter");
    Condition condition = noCondition();
    if (filter.usernameContains().isPresent()) {
      condition = condition.and(USERS.USERNAME.containsIgnoreCase(filter.usernameContains().get()));
    }
    if (filter.createdAfter().isPresent()) {
      condition = condition.and(USERS.CREATED_AT.gt(filter.createdAfter().get()));
    }
    if (filter.createdBefore().isPresent()) {
      condition = condition.and(USERS.CREATED_AT.lt(filter.createdBefore().get()));
    }
    return List.copyOf(graph.load(new UserGraph.Root(condition, BY_USERNAME, filter.limit()), policy(posts)));
  }

  @Override
  public Page<User> page(String afterUsername, int limit, FetchPolicy posts) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    Condition condition = afterUsername == null ? noCondition() : lower(USERS.USERNAME).gt(lower(val(afterUsername)));
    List<User> users = graph.load(new UserGraph.Root(condition, BY_USERNAME, limit), policy(posts));
    Optional<String> next = users.size() == limit ? Optional.of(users.getLast().username()) : Optional.empty();
    return new Page<>(users, next);
  }

  @Override
  public Stream<User> streamAll(FetchPolicy posts) {
    FetchPolicy policy = policy(posts);
    if (backref.inTransaction()) {
      return stream(backref.dsl(), policy, () -> {});
    }
    Connection connection = null;
    try {
      connection = backref.dataSource().getConnection();
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      Connection owned = connection;
      return stream(DSL.using(connection, Backref.DIALECT, backref.settings()), policy, () -> release(owned));
    } catch (SQLException | RuntimeException e) {
      if (connection != null) {
        release(connection);
      }
      throw e instanceof SQLException sql ? new DataAccessException("Cannot open a stream of users: " + sql.getMessage(), sql) : (RuntimeException) e;
    }
  }

  private Stream<User> stream(DSLContext dsl, FetchPolicy policy, Runnable release) {
    int batchSize = backref.batchSize();
    Runnable closeCursor;
    Iterator<User> users;
    try {
      if (policy == FetchPolicy.JOINED) {
        Rows.Cursor rows =
            Rows.open(
                dsl.select(UserColumns.USERS_TABLE.fields())
                    .select(PostColumns.POSTS_TABLE.fields())
                    .from(USERS)
                    .leftJoin(POSTS)
                    .on(POSTS.USER_ID.eq(USERS.ID))
                    .orderBy(USERS.ID, POSTS.CREATED_AT, POSTS.ID)
                    .fetchSize(batchSize));
        closeCursor = rows::close;
        users = new FoldingIterator(rows);
      } else {
        Field<?>[] extra = policy == FetchPolicy.MULTISET ? new Field<?>[] {UserGraph.postsMultiset()} : new Field<?>[0];
        Cursor<Record> records =
            dsl.select(UserColumns.USERS_TABLE.fields())
                .select(extra)
                .from(USERS)
                .orderBy(USERS.ID)
                .fetchSize(batchSize)
                .fetchLazy();
        closeCursor = records::close;
        users = new BatchingIterator(dsl, records, policy, batchSize);
      }
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    Runnable close = closeCursor;
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(users, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(
            () -> {
              try {
                close.run();
              } finally {
                release.run();
              }
            });
  }

  /** Reads users in batches from the cursor and loads each batch's posts as the policy says. */
  private final class BatchingIterator implements Iterator<User> {
    private final DSLContext dsl;
    private final Cursor<Record> cursor;
    private final FetchPolicy policy;
    private final int batchSize;
    private Iterator<User> current = List.<User>of().iterator();

    BatchingIterator(DSLContext dsl, Cursor<Record> cursor, FetchPolicy policy, int batchSize) {
      this.dsl = dsl;
      this.cursor = cursor;
      this.policy = policy;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        List<Record> rows = new ArrayList<>(cursor.fetchNext(batchSize));
        if (rows.isEmpty()) {
          return false;
        }
        current = switch (policy) {
          case MULTISET -> graph.fromMultisetRows(rows).iterator();
          case SUBQUERY, SELECT_IN -> graph.assemble(dsl, userRows(rows), FetchPolicy.SELECT_IN).iterator();
          default -> graph.assemble(dsl, userRows(rows), policy).iterator();
        };
      }
      return true;
    }

    @Override
    public User next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }

  /** Folds the rows of a join, ordered by user, into one user at a time. */
  private static final class FoldingIterator implements Iterator<User> {
    private final Rows.Cursor cursor;

    FoldingIterator(Rows.Cursor cursor) {
      this.cursor = cursor;
    }

    @Override
    public boolean hasNext() {
      return cursor.onRow();
    }

    @Override
    public User next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return cursor.read(UserGraph::foldOne);
    }
  }

  private static List<Mapping.UserRow> userRows(List<Record> records) {
    List<Mapping.UserRow> rows = new ArrayList<>(records.size());
    for (Record record : records) {
      rows.add(Mapping.UserRow.of(record));
    }
    return rows;
  }

  private static void release(Connection connection) {
    try {
      try {
        connection.rollback();
        connection.setReadOnly(false);
        connection.setAutoCommit(true);
      } finally {
        connection.close();
      }
    } catch (SQLException e) {
      throw new DataAccessException("Cannot release the stream's connection: " + e.getMessage(), e);
    }
  }

  @Override
  public long count() {
    return backref.dsl().fetchCount(USERS);
  }

  @Override
  public User create(String username) {
    return create(username, List.of());
  }

  @Override
  public User create(String username, List<NewPost> posts) {
    Validation.username(username);
    List<NewPost> newPosts = List.copyOf(Objects.requireNonNull(posts, "posts"));
    try {
      return newPosts.isEmpty()
          ? backref.write(dsl -> insert(dsl, username, newPosts))
          : backref.atomically(dsl -> insert(dsl, username, newPosts));
    } catch (DataAccessException e) {
      throw Constraints.forUsername(e, username);
    }
  }

  private User insert(DSLContext dsl, String username, List<NewPost> newPosts) {
    UsersRecord row = dsl.insertInto(USERS).set(USERS.USERNAME, username).returning().fetchSingle();
    List<Record> postRows = newPosts.isEmpty() ? List.of() : insertPosts(dsl, row.getId(), newPosts);
    return Mapping.user(
        row,
        self -> {
          List<Post> created = new ArrayList<>(postRows.size());
          for (Record postRow : postRows) {
            created.add(Mapping.post(postRow, ToOne.loaded(self)));
          }
          return ToMany.loaded(created);
        });
  }

  /** Inserts all posts in one statement, whatever their number: {@code insert ... select from unnest(?, ?)}. */
  static List<Record> insertPosts(DSLContext dsl, long userId, List<NewPost> newPosts) {
    String[] titles = new String[newPosts.size()];
    String[] contents = new String[newPosts.size()];
    for (int i = 0; i < titles.length; i++) {
      titles[i] = newPosts.get(i).title();
      contents[i] = newPosts.get(i).content();
    }
    var input = table("unnest({0}, {1}) with ordinality as input(title, content, position)", val(titles), val(contents));
    Field<String> title = DSL.field(DSL.name("input", "title"), String.class);
    Field<String> content = DSL.field(DSL.name("input", "content"), String.class);
    Field<Long> position = DSL.field(DSL.name("input", "position"), Long.class);
    try {
      List<Record> rows =
          new ArrayList<>(
              dsl.insertInto(POSTS, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT)
                  .select(DSL.select(val(userId), title, content).from(input).orderBy(position))
                  .returning(PostColumns.POSTS_TABLE.fields())
                  .fetch());
      rows.sort(java.util.Comparator.comparing(row -> row.get(POSTS.ID)));
      return rows;
    } catch (DataAccessException e) {
      String constraint = Constraints.violated(e);
      if (constraint != null && constraint.startsWith("posts_title")) {
        String offending = newPosts.stream().map(NewPost::title).findFirst().orElse(null);
        throw Constraints.forPost(e, userId, offending);
      }
      throw e;
    }
  }

  @Override
  public User rename(long id, long expectedVersion, String newUsername) {
    Validation.username(newUsername);
    try {
      return backref.write(
          dsl -> {
            UsersRecord row =
                dsl.update(USERS)
                    .set(USERS.USERNAME, newUsername)
                    .set(USERS.VERSION, USERS.VERSION.plus(1))
                    .where(USERS.ID.eq(id).and(USERS.VERSION.eq(expectedVersion)))
                    .returning()
                    .fetchOne();
            if (row == null) {
              Long actual = dsl.select(USERS.VERSION).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.VERSION);
              if (actual == null) {
                throw UserNotFoundException.byId(id);
              }
              throw new StaleVersionException("User", id, expectedVersion, actual);
            }
            return Mapping.user(row, self -> ToMany.notLoaded(RENAMED_HINT));
          });
    } catch (DataAccessException e) {
      throw Constraints.forUsername(e, newUsername);
    }
  }

  @Override
  public void delete(long id) {
    int deleted = backref.dsl().deleteFrom(USERS).where(USERS.ID.eq(id)).execute();
    if (deleted == 0) {
      throw UserNotFoundException.byId(id);
    }
  }

  private Optional<User> single(UserGraph.Root root, FetchPolicy posts) {
    List<User> users = graph.load(root, policy(posts));
    return users.isEmpty() ? Optional.empty() : Optional.of(users.getFirst());
  }

  private static FetchPolicy policy(FetchPolicy posts) {
    return Objects.requireNonNull(posts, "posts fetch policy");
  }
}
