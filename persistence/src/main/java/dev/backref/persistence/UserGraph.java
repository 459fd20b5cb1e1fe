package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.Mapping.PostColumns;
import dev.backref.persistence.Mapping.UserColumns;
import dev.backref.persistence.Mapping.UserRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectLimitStep;
import org.jooq.SortField;
import org.jooq.Table;

/**
 * Loads users with their posts under a {@link FetchPolicy}. A load is described by its root query
 * (condition, order, limit over {@code users}); every policy returns the same graph for it.
 */
final class UserGraph {

  static final String NOT_LOADED_HINT =
      "it was loaded with FetchPolicy.NONE; load posts with JOINED, MULTISET, SUBQUERY, SELECT_IN, LAZY or BATCH,"
          + " or query them with DYNAMIC";
  static final String AUTHOR_ONLY_HINT =
      "the user was loaded as the author of posts, without its own posts; load it through UserRepository"
          + " with a posts fetch policy";

  private static final SortField<?>[] POST_ORDER = {POSTS.CREATED_AT.asc(), POSTS.ID.asc()};
  private static final SortField<?>[] POST_ORDER_BY_USER = {POSTS.USER_ID.asc(), POSTS.CREATED_AT.asc(), POSTS.ID.asc()};
  private static final Field<Result<Record>> POSTS_MULTISET =
      multiset(select(PostColumns.POSTS_TABLE.fields()).from(POSTS).where(POSTS.USER_ID.eq(USERS.ID)).orderBy(POST_ORDER))
          .as("posts");

  /**
   * The root query of a load: which users, in which order, how many. The limit is rendered as a
   * literal: once the driver prepares a statement on the server (its fifth execution), PostgreSQL
   * may switch to a generic plan that assumes a bound limit keeps 10% of the rows; for "all users"
   * (a huge limit) that plan hash-joins every post and sorts them on disk, four times slower than
   * the index plan it gets when it sees the number.
   */
  record Root(Condition condition, List<SortField<?>> order, Integer limit) {

    SelectLimitStep<Record> select(DSLContext dsl, Field<?>... extra) {
      var query = dsl.select(UserColumns.USERS_TABLE.fields()).select(extra).from(USERS).where(condition).orderBy(order);
      return query;
    }

    org.jooq.Select<Record> limited(DSLContext dsl, Field<?>... extra) {
      SelectLimitStep<Record> query = select(dsl, extra);
      return limit == null ? query : query.limit(inline(limit));
    }
  }

  private final Backref backref;

  UserGraph(Backref backref) {
    this.backref = backref;
  }

  List<User> load(Root root, FetchPolicy policy) {
    return switch (policy) {
      case JOINED -> joined(backref.dsl(), root);
      case MULTISET -> backref.dsl().fetch(root.limited(backref.dsl(), POSTS_MULTISET)).map(this::fromMultiset);
      case SUBQUERY -> backref.onOneConnection(dsl -> subquery(dsl, root));
      case SELECT_IN -> backref.onOneConnection(dsl -> assemble(dsl, userRows(dsl, root), FetchPolicy.SELECT_IN));
      case NONE, LAZY, BATCH, DYNAMIC -> assemble(backref.dsl(), userRows(backref.dsl(), root), policy);
    };
  }

  private static List<UserRow> userRows(DSLContext dsl, Root root) {
    return Rows.list(root.limited(dsl), row -> UserRow.read(row, 1));
  }

  /** Builds users from root rows for every policy that loads posts apart from the root query. */
  List<User> assemble(DSLContext dsl, List<UserRow> userRows, FetchPolicy policy) {
    return switch (policy) {
      case NONE -> map(userRows, row -> row.user(self -> ToMany.notLoaded(NOT_LOADED_HINT)));
      case SELECT_IN -> selectIn(dsl, userRows);
      case LAZY ->
          map(
              userRows,
              row ->
                  row.user(
                      self -> ToMany.lazy(() -> RelationLoadException.load(self.reference() + ".posts", () -> postsOf(self)))));
      case BATCH -> batched(userRows);
      case DYNAMIC -> map(userRows, row -> row.user(self -> ToMany.dynamic(PostQuery.of(backref.detached(), self))));
      case JOINED, MULTISET, SUBQUERY -> throw new IllegalArgumentException(policy + " is not assembled from root rows");
    };
  }

  private List<User> joined(DSLContext dsl, Root root) {
    // The derived table carries the root's sort keys as columns and the outer query sorts by them
    // (then by id, so that each user's rows stay adjacent even where keys tie). PostgreSQL can then
    // walk the index that serves the root order and sort each user's few posts incrementally; a
    // row_number() over the root order hides that order from the planner, which then sorts every
    // joined row (about 60 MB at 10k users, past work_mem).
    List<SortField<?>> rootOrder = root.order();
    Field<?>[] keys = new Field<?>[rootOrder.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = rootOrder.get(i).$field().as("order_key_" + i);
    }
    Table<Record> users = root.limited(dsl, keys).asTable("u");
    UserColumns userColumns = UserColumns.of(users);
    List<SortField<?>> order = new ArrayList<>(keys.length + 3);
    for (int i = 0; i < keys.length; i++) {
      order.add(users.field(keys[i].getName()).sort(rootOrder.get(i).getOrder()));
    }
    order.add(userColumns.id().asc());
    order.add(POSTS.CREATED_AT.asc());
    order.add(POSTS.ID.asc());
    var query =
        dsl.select(userColumns.fields())
            .select(PostColumns.POSTS_TABLE.fields())
            .from(users)
            .leftJoin(POSTS)
            .on(POSTS.USER_ID.eq(userColumns.id()))
            .orderBy(order);
    return Rows.read(
        query,
        cursor -> {
          List<User> result = new ArrayList<>();
          while (cursor.onRow()) {
            result.add(foldOne(cursor));
          }
          return result;
        });
  }

  /**
   * Reads one user and its posts from a join row (user columns, then post columns, each user's rows
   * adjacent) and leaves the cursor on the next user's first row.
   */
  static User foldOne(Rows.Cursor cursor) throws SQLException {
    ResultSet rs = cursor.row();
    UserRow owner = UserRow.read(rs, 1);
    int firstPostColumn = 1 + Mapping.USER_COLUMNS;
    return owner.user(
        self -> {
          try {
            List<Post> posts = new ArrayList<>();
            do {
              rs.getLong(firstPostColumn);
              if (!rs.wasNull()) {
                posts.add(Mapping.post(rs, firstPostColumn, ToOne.loaded(self)));
              }
              cursor.advance();
            } while (cursor.onRowWith(1, owner.id()));
            return ToMany.loaded(posts);
          } catch (SQLException e) {
            throw new Rows.UncheckedSql(e);
          }
        });
  }

  static Field<Result<Record>> postsMultiset() {
    return POSTS_MULTISET;
  }

  List<User> fromMultisetRows(List<? extends Record> rows) {
    return map(rows, this::fromMultiset);
  }

  private User fromMultiset(Record row) {
    Result<Record> postRows = row.get(POSTS_MULTISET);
    return UserColumns.USERS_TABLE.user(
        row,
        self -> {
          List<Post> posts = new ArrayList<>(postRows.size());
          for (Record postRow : postRows) {
            posts.add(PostColumns.POSTS_TABLE.post(postRow, ToOne.loaded(self)));
          }
          return ToMany.loaded(posts);
        });
  }

  private List<User> subquery(DSLContext dsl, Root root) {
    List<UserRow> owners = userRows(dsl, root);
    if (owners.isEmpty()) {
      return List.of();
    }
    var rootIds = dsl.select(USERS.ID).from(USERS).where(root.condition()).orderBy(root.order());
    var posts =
        dsl.select(PostColumns.POSTS_TABLE.fields())
            .from(POSTS)
            .where(POSTS.USER_ID.in(root.limit() == null ? rootIds : rootIds.limit(inline(root.limit()))))
            .orderBy(POST_ORDER_BY_USER);
    Map<Long, UserRow> byId = byId(owners);
    Map<Long, User> built = new HashMap<>(capacity(owners.size()));
    Rows.read(posts, cursor -> buildOwners(cursor, byId, built));
    return inOrder(owners, built);
  }

  private List<User> selectIn(DSLContext dsl, List<UserRow> owners) {
    Map<Long, UserRow> byId = byId(owners);
    Map<Long, User> built = new HashMap<>(capacity(owners.size()));
    int batchSize = backref.batchSize();
    for (int from = 0; from < owners.size(); from += batchSize) {
      Rows.read(postsOfAll(dsl, ids(owners.subList(from, Math.min(owners.size(), from + batchSize)))), cursor -> buildOwners(cursor, byId, built));
    }
    return inOrder(owners, built);
  }

  private static org.jooq.ResultQuery<Record> postsOfAll(DSLContext dsl, List<Long> ids) {
    return dsl.select(PostColumns.POSTS_TABLE.fields())
        .from(POSTS)
        .where(POSTS.USER_ID.eq(any(ids.toArray(Long[]::new))))
        .orderBy(POST_ORDER_BY_USER);
  }

  /**
   * Reads post rows ordered by owner and builds each owner while the cursor is on its posts, so that
   * the posts go straight from the result set into the graph.
   */
  private static Void buildOwners(Rows.Cursor cursor, Map<Long, UserRow> owners, Map<Long, User> built)
      throws SQLException {
    ResultSet rs = cursor.row();
    int userIdColumn = 1 + Mapping.POST_USER_ID;
    while (cursor.onRow()) {
      long ownerId = rs.getLong(userIdColumn);
      User owner =
          owners
              .get(ownerId)
              .user(
                  self -> {
                    try {
                      List<Post> posts = new ArrayList<>();
                      do {
                        posts.add(Mapping.post(rs, 1, ToOne.loaded(self)));
                        cursor.advance();
                      } while (cursor.onRowWith(userIdColumn, ownerId));
                      return ToMany.loaded(posts);
                    } catch (SQLException e) {
                      throw new Rows.UncheckedSql(e);
                    }
                  });
      built.put(ownerId, owner);
    }
    return null;
  }

  /** The built users in root order; users without posts are built here, with none. */
  private static List<User> inOrder(List<UserRow> owners, Map<Long, User> built) {
    List<User> users = new ArrayList<>(owners.size());
    for (UserRow owner : owners) {
      User user = built.get(owner.id());
      users.add(user != null ? user : owner.user(self -> ToMany.loaded(List.of())));
    }
    return users;
  }

  private List<User> batched(List<UserRow> owners) {
    List<User> users = new ArrayList<>(owners.size());
    int batchSize = backref.batchSize();
    for (int from = 0; from < owners.size(); from += batchSize) {
      Batch batch = new Batch();
      Map<Long, User> members = new LinkedHashMap<>();
      for (UserRow row : owners.subList(from, Math.min(owners.size(), from + batchSize))) {
        User user =
            row.user(
                self -> ToMany.lazy(() -> RelationLoadException.load(self.reference() + ".posts", () -> batch.postsOf(self))));
        members.put(user.id(), user);
        users.add(user);
      }
      batch.seal(members);
    }
    return users;
  }

  /** The users loaded together under {@link FetchPolicy#BATCH}: their posts load in one statement. */
  private final class Batch {
    private final ReentrantLock lock = new ReentrantLock();
    private Map<Long, User> members;
    private Map<Long, List<Post>> posts;

    /** Hands over the batch's users once they are built; a post links back to these instances. */
    void seal(Map<Long, User> users) {
      lock.lock();
      try {
        members = users;
      } finally {
        lock.unlock();
      }
    }

    List<Post> postsOf(User user) {
      lock.lock();
      try {
        if (posts == null) {
          posts = load();
        }
        return posts.getOrDefault(user.id(), List.of());
      } finally {
        lock.unlock();
      }
    }

    private Map<Long, List<Post>> load() {
      int userIdColumn = 1 + Mapping.POST_USER_ID;
      Map<Long, List<Post>> byOwner = new HashMap<>(capacity(members.size()));
      Rows.read(
          postsOfAll(backref.detached(), new ArrayList<>(members.keySet())),
          cursor -> {
            ResultSet rs = cursor.row();
            for (; cursor.onRow(); cursor.advance()) {
              User owner = members.get(rs.getLong(userIdColumn));
              byOwner.computeIfAbsent(owner.id(), id -> new ArrayList<>()).add(Mapping.post(rs, 1, ToOne.loaded(owner)));
            }
            return null;
          });
      return byOwner;
    }
  }

  private List<Post> postsOf(User user) {
    var query =
        backref.detached()
            .select(PostColumns.POSTS_TABLE.fields())
            .from(POSTS)
            .where(POSTS.USER_ID.eq(user.id()))
            .orderBy(POST_ORDER);
    return Rows.list(query, rs -> Mapping.post(rs, 1, ToOne.loaded(user)));
  }

  private static Map<Long, UserRow> byId(List<UserRow> rows) {
    Map<Long, UserRow> byId = new HashMap<>(capacity(rows.size()));
    for (UserRow row : rows) {
      byId.put(row.id(), row);
    }
    return byId;
  }

  private static List<Long> ids(List<UserRow> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    for (UserRow row : rows) {
      ids.add(row.id());
    }
    return ids;
  }

  private static int capacity(int entries) {
    return (int) Math.ceil(entries / 0.75);
  }

  private static <R> List<User> map(List<? extends R> rows, Function<? super R, User> mapper) {
    List<User> users = new ArrayList<>(rows.size());
    for (R row : rows) {
      users.add(mapper.apply(row));
    }
    return users;
  }
}
