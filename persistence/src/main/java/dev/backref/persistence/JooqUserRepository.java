package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.jooq.tables.records.PostsRecord;
import dev.backref.persistence.jooq.tables.records.UsersRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

final class JooqUserRepository implements UserRepository {

  private static final List<SortField<?>> BY_ID = List.of(USERS.ID.asc());
  private static final List<SortField<?>> BY_USERNAME = List.of(lower(USERS.USERNAME).asc());
  private static final List<SortField<?>> BY_ID_DESCENDING = List.of(USERS.ID.desc());
  private static final String RENAMED_HINT =
      "rename returns the new snapshot without posts; load the user with a posts fetch policy";
  private static final String CREATED_WITHOUT_TAGS =
      "create returns posts without their tags; load them with a tags fetch policy";
  private static final Map<FetchPolicy, LoadPlan> PLANS = plans(false);
  private static final Map<UserOrder, String> PAGE_SHAPES = pageShapes("");
  private static final Map<UserOrder, String> PAGE_AFTER_SHAPES = pageShapes(".after");
  private static final Map<UserOrder, String> ALL_SHAPES = pageShapes(".all");
  private static final Map<FetchPolicy, LoadPlan> STREAM_PLANS = plans(true);

  private final Backref backref;
  private final GraphLoader loader;

  JooqUserRepository(Backref backref) {
    this.backref = backref;
    this.loader = new GraphLoader(backref, "UserRepository");
  }

  /**
   * The shape names of pages (and of filters without criteria) in each order: one string per
   * order, so that its hash is computed once.
   */
  private static Map<UserOrder, String> pageShapes(String suffix) {
    Map<UserOrder, String> names = new EnumMap<>(UserOrder.class);
    for (UserOrder order : UserOrder.values()) {
      names.put(order, "User.page." + order + suffix);
    }
    return names;
  }

  /** One plan per policy, built and checked once; a stream reads posts per batch, never by subquery. */
  private static Map<FetchPolicy, LoadPlan> plans(boolean stream) {
    Map<FetchPolicy, LoadPlan> plans = new EnumMap<>(FetchPolicy.class);
    for (FetchPolicy policy : FetchPolicy.values()) {
      FetchPolicy used = stream && policy == FetchPolicy.SUBQUERY ? FetchPolicy.SELECT_IN : policy;
      plans.put(policy, LoadPlan.of(UserMapping.USER, List.of(LoadPlan.Step.of(Associations.USER_POSTS, used))));
    }
    return plans;
  }

  @Override
  public Optional<User> findById(long id, FetchPolicy posts) {
    return findById(id, plan(posts));
  }

  @Override
  public Optional<User> findById(long id, FetchPlan<User> plan) {
    return findById(id, checked(plan));
  }

  private Optional<User> findById(long id, LoadPlan plan) {
    return single(new Root<>(UserMapping.USER, () -> USERS.ID.eq(id), BY_ID, Root.Shape.byId("User.byId", id)), plan, "findById");
  }

  @Override
  public User getById(long id, FetchPolicy posts) {
    return findById(id, posts).orElseThrow(() -> UserNotFoundException.byId(id));
  }

  @Override
  public User getById(long id, FetchPlan<User> plan) {
    return findById(id, plan).orElseThrow(() -> UserNotFoundException.byId(id));
  }

  @Override
  public Optional<User> findByUsername(String username, FetchPolicy posts) {
    return findByUsername(username, plan(posts));
  }

  @Override
  public Optional<User> findByUsername(String username, FetchPlan<User> plan) {
    return findByUsername(username, checked(plan));
  }

  private Optional<User> findByUsername(String username, LoadPlan plan) {
    Objects.requireNonNull(username, "username");
    Optional<String> name = Validation.lookup(username);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return single(
        new Root<>(UserMapping.USER, () -> lower(USERS.USERNAME).eq(lower(val(name.get()))), BY_ID, Root.Shape.of("User.byUsername", name.get())),
        plan,
        "findByUsername");
  }

  @Override
  public User getByUsername(String username, FetchPolicy posts) {
    return findByUsername(username, posts).orElseThrow(() -> UserNotFoundException.byUsername(username));
  }

  @Override
  public User getByUsername(String username, FetchPlan<User> plan) {
    return findByUsername(username, plan).orElseThrow(() -> UserNotFoundException.byUsername(username));
  }

  @Override
  public List<User> findAll(UserFilter filter, FetchPolicy posts) {
    return findAll(filter, plan(posts));
  }

  @Override
  public List<User> findAll(UserFilter filter, FetchPlan<User> plan) {
    return findAll(filter, checked(plan));
  }

  private List<User> findAll(UserFilter filter, LoadPlan plan) {
    Objects.requireNonNull(filter, "filter");
    Condition condition = noCondition();
    if (filter.usernameContains().isPresent()) {
      condition = condition.and(USERS.USERNAME.containsIgnoreCase(Validation.nfc(filter.usernameContains().get())));
    }
    if (filter.createdAfter().isPresent()) {
      condition = condition.and(USERS.CREATED_AT.gt(filter.createdAfter().get()));
    }
    if (filter.createdBefore().isPresent()) {
      condition = condition.and(USERS.CREATED_AT.lt(filter.createdBefore().get()));
    }
    if (filter.havingPost().isPresent()) {
      condition = condition.and(exists(selectOne().from(POSTS).where(POSTS.USER_ID.eq(USERS.ID)).and(filter.havingPost().get())));
    }
    Root<User> root = Root.filtered(UserMapping.USER, condition, order(filter.order()), filter.limit(), ALL_SHAPES.get(filter.order()));
    return List.copyOf(loader.load(root, plan, "findAll"));
  }

  @Override
  public Page<User> page(String afterUsername, int limit, FetchPolicy posts) {
    return page(afterUsername, limit, plan(posts));
  }

  @Override
  public Page<User> page(String afterUsername, int limit, FetchPlan<User> plan) {
    return page(afterUsername, limit, checked(plan));
  }

  @Override
  public Page<User> page(UserOrder order, String after, int limit, FetchPlan<User> plan) {
    return page(Objects.requireNonNull(order, "order"), after, limit, checked(plan));
  }

  private Page<User> page(String afterUsername, int limit, LoadPlan plan) {
    return page(UserOrder.USERNAME, afterUsername, limit, plan);
  }

  private Page<User> page(UserOrder order, String after, int limit, LoadPlan plan) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    Supplier<Condition> condition;
    Root.Shape shape;
    if (after == null) {
      condition = () -> noCondition();
      shape = Root.Shape.of(PAGE_SHAPES.get(order));
    } else {
      Object key = order == UserOrder.USERNAME ? Validation.usernameKey(after) : id(after);
      condition = () -> switch (order) {
        case USERNAME -> lower(USERS.USERNAME).gt(lower(val((String) key)));
        case ID -> USERS.ID.gt((Long) key);
        case ID_DESCENDING -> USERS.ID.lt((Long) key);
      };
      shape = Root.Shape.of(PAGE_AFTER_SHAPES.get(order), key);
    }
    List<User> users = loader.load(new Root<>(UserMapping.USER, condition, order(order), limit, shape), plan, "page");
    Optional<String> next =
        users.size() < limit
            ? Optional.empty()
            : Optional.of(order == UserOrder.USERNAME ? users.getLast().username() : Long.toString(users.getLast().id()));
    return new Page<>(users, next);
  }

  private static long id(String after) {
    try {
      return Long.parseLong(after.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a page in id order starts after a user id, not '" + after + "'", e);
    }
  }

  private static List<SortField<?>> order(UserOrder order) {
    return switch (order) {
      case USERNAME -> BY_USERNAME;
      case ID -> BY_ID;
      case ID_DESCENDING -> BY_ID_DESCENDING;
    };
  }

  @Override
  public Stream<User> streamAll(FetchPlan<User> plan) {
    return streamAll(Objects.requireNonNull(plan, "plan").streamPlan(UserMapping.USER));
  }

  @Override
  public Stream<User> streamAll(FetchPolicy posts) {
    return streamAll(STREAM_PLANS.get(Objects.requireNonNull(posts, "posts fetch policy")));
  }

  private Stream<User> streamAll(LoadPlan plan) {
    if (backref.routesReads()) {
      // The replica's own repository opens the stream on a connection of the replica.
      return backref.read(from -> ((JooqUserRepository) from.users()).openStream(plan));
    }
    return openStream(plan);
  }

  private Stream<User> openStream(LoadPlan plan) {
    if (backref.inTransaction()) {
      return stream(backref.dsl(), plan, () -> {});
    }
    Connection connection = null;
    boolean joined = false;
    try {
      connection = backref.dataSource().getConnection();
      if (backref.inOuterTransaction(connection)) {
        // Someone else's transaction (Spring's): read in it, never end it, only hand the connection back.
        joined = true;
        Connection borrowed = connection;
        return stream(backref.using(connection), plan, () -> close(borrowed));
      }
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      Connection owned = connection;
      return stream(backref.using(connection), plan, () -> release(owned));
    } catch (SQLException | RuntimeException e) {
      if (connection != null && !joined) {
        release(connection);
      }
      throw e instanceof SQLException sql ? new DataAccessException("Cannot open a stream of users: " + sql.getMessage(), sql) : (RuntimeException) e;
    }
  }

  private Stream<User> stream(DSLContext dsl, LoadPlan plan, Runnable release) {
    GraphLoader.Batches<User> users;
    try {
      users = loader.batches(dsl, new Root<>(UserMapping.USER, noCondition(), BY_ID, null), plan, "streamAll");
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(users, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(
            () -> {
              try {
                users.close();
              } finally {
                release.run();
              }
            });
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new DataAccessException("Cannot release the stream's connection: " + e.getMessage(), e);
    }
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
      throw PreparedStatementPoolingException.translate(
          new DataAccessException("Cannot release the stream's connection: " + e.getMessage(), e));
    }
  }

  @Override
  public long count() {
    return backref.read(from -> from.dsl().fetchCount(USERS));
  }

  @Override
  public User create(String username) {
    return create(username, List.of());
  }

  /**
   * A user and their posts in one statement, atomic on its own, so it needs no transaction of its
   * own; in a caller's transaction it is guarded by a savepoint sent in the same round trip
   * ({@link Backref#writeStatement}). {@code on conflict do nothing} turns a taken username into
   * no row rather than an error. Posts get their ids in the order given.
   */
  private static final String CREATE =
      """
      with new_user as (
        insert into users (username) values (?) on conflict do nothing
        returning id, username, created_at, version),
      new_posts as (
        insert into posts (user_id, title, content)
        select new_user.id, input.title, input.content
        from new_user, unnest(?::text[], ?::text[]) with ordinality as input (title, content, position)
        order by input.position
        returning id, user_id, title, content, created_at, version)
      select new_user.id, new_user.username, new_user.created_at, new_user.version,
        new_posts.id, new_posts.user_id, new_posts.title, new_posts.content, new_posts.created_at, new_posts.version
      from new_user left join new_posts on true
      order by new_posts.id""";

  @Override
  public User create(String username, List<NewPost> posts) {
    String name = Validation.username(username);
    List<NewPost> newPosts = List.copyOf(Objects.requireNonNull(posts, "posts"));
    String[] titles = new String[newPosts.size()];
    String[] contents = new String[newPosts.size()];
    for (int i = 0; i < titles.length; i++) {
      titles[i] = newPosts.get(i).title();
      contents[i] = newPosts.get(i).content();
    }
    User[] created = new User[1];
    try {
      backref.writeStatement(CREATE, new Object[] {name, titles, contents}, row -> {
        created[0] = created(row);
        return 0;
      });
    } catch (DataAccessException e) {
      String constraint = Constraints.violated(e);
      if (constraint != null && (constraint.startsWith("posts_title") || constraint.startsWith("posts_content"))) {
        throw Constraints.forPost(e, 0, newPosts.getFirst());
      }
      throw Constraints.forUsername(e, name);
    }
    if (created[0] == null) {
      throw new DuplicateUsernameException(name, null);
    }
    return created[0];
  }

  /** The user and their posts from the rows of {@link #CREATE}; null if no row came back. */
  private static User created(Row row) throws SQLException {
    if (!row.onRow()) {
      return null;
    }
    ToMany<Post> posts = ToMany.pending();
    User user = User.of(row.getLong(1), row.getString(2), row.getInstant(3), row.getLong(4), posts);
    List<Post> created = new ArrayList<>();
    while (row.onRow()) {
      long id = row.getLong(5);
      if (!row.wasNull()) {
        created.add(
            Post.of(
                id, row.getLong(6), row.getString(7), row.getString(8), row.getInstant(9), row.getLong(10),
                ToOne.loaded(user), ToMany.notLoaded(CREATED_WITHOUT_TAGS)));
      }
      row.advance();
    }
    posts.completeLoaded(created);
    return user;
  }

  static Post post(PostsRecord row, ToOne<User> author, ToMany<Tag> tags) {
    return Post.of(
        row.getId(), row.getUserId(), row.getTitle(), row.getContent(), row.getCreatedAt(), row.getVersion(), author, tags);
  }

  /** Inserts all posts in one statement, whatever their number: {@code insert ... select from unnest(?, ?)}. */
  static List<PostsRecord> insertPosts(DSLContext dsl, long userId, List<NewPost> newPosts) {
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
      List<PostsRecord> rows =
          new ArrayList<>(
              dsl.insertInto(POSTS, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT)
                  .select(DSL.select(val(userId), title, content).from(input).orderBy(position))
                  .returning()
                  .fetch());
      rows.sort(java.util.Comparator.comparing(PostsRecord::getId));
      return rows;
    } catch (DataAccessException e) {
      String constraint = Constraints.violated(e);
      if (constraint != null && (constraint.startsWith("posts_title") || constraint.startsWith("posts_content"))) {
        throw Constraints.forPost(e, userId, newPosts.getFirst());
      }
      throw e;
    }
  }

  @Override
  public User rename(long id, long expectedVersion, String newUsername) {
    String name = Validation.username(newUsername);
    try {
      return backref.write(
          dsl -> {
            UsersRecord row =
                dsl.update(USERS)
                    .set(USERS.USERNAME, name)
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
            return User.of(row.getId(), row.getUsername(), row.getCreatedAt(), row.getVersion(), ToMany.notLoaded(RENAMED_HINT));
          });
    } catch (DataAccessException e) {
      throw Constraints.forUsername(e, name);
    }
  }

  @Override
  public void delete(long id) {
    int deleted = backref.dsl().deleteFrom(USERS).where(USERS.ID.eq(id)).execute();
    if (deleted == 0) {
      throw UserNotFoundException.byId(id);
    }
  }

  private Optional<User> single(Root<User> root, LoadPlan plan, String method) {
    List<User> users = loader.load(root, plan, method);
    return users.isEmpty() ? Optional.empty() : Optional.of(users.getFirst());
  }

  private static LoadPlan plan(FetchPolicy posts) {
    return PLANS.get(Objects.requireNonNull(posts, "posts fetch policy"));
  }

  private static LoadPlan checked(FetchPlan<User> plan) {
    return Objects.requireNonNull(plan, "plan").plan(UserMapping.USER);
  }
}
