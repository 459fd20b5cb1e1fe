package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.Mapping.PostColumns;
import dev.backref.persistence.Mapping.UserColumns;
import java.util.ArrayList;
import java.util.HashMap;
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

  /** The root query of a load: which users, in which order, how many. */
  record Root(Condition condition, List<SortField<?>> order, Integer limit) {

    SelectLimitStep<Record> select(DSLContext dsl, Field<?>... extra) {
      var query = dsl.select(UserColumns.USERS_TABLE.fields()).select(extra).from(USERS).where(condition).orderBy(order);
      return query;
    }

    org.jooq.Select<Record> limited(DSLContext dsl, Field<?>... extra) {
      SelectLimitStep<Record> query = select(dsl, extra);
      return limit == null ? query : query.limit(limit);
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
      case SELECT_IN -> backref.onOneConnection(dsl -> assemble(dsl, dsl.fetch(root.limited(dsl)), FetchPolicy.SELECT_IN));
      case NONE, LAZY, BATCH, DYNAMIC -> assemble(backref.dsl(), backref.dsl().fetch(root.limited(backref.dsl())), policy);
    };
  }

  /** Builds users from root rows for every policy that loads posts apart from the root query. */
  List<User> assemble(DSLContext dsl, List<? extends Record> userRows, FetchPolicy policy) {
    UserColumns columns = UserColumns.USERS_TABLE;
    return switch (policy) {
      case NONE -> map(userRows, row -> columns.user(row, self -> ToMany.notLoaded(NOT_LOADED_HINT)));
      case SELECT_IN -> withPostRows(userRows, selectIn(dsl, ids(userRows)));
      case LAZY ->
          map(
              userRows,
              row ->
                  columns.user(
                      row, self -> ToMany.lazy(() -> RelationLoadException.load(self.reference() + ".posts", () -> postsOf(self)))));
      case BATCH -> batched(userRows);
      case DYNAMIC -> map(userRows, row -> columns.user(row, self -> ToMany.dynamic(PostQuery.of(backref.detached(), self))));
      case JOINED, MULTISET, SUBQUERY -> throw new IllegalArgumentException(policy + " is not assembled from root rows");
    };
  }

  private List<User> joined(DSLContext dsl, Root root) {
    Field<Integer> position = rowNumber().over().orderBy(root.order()).as("position");
    Table<Record> users = root.limited(dsl, position).asTable("u");
    UserColumns userColumns = UserColumns.of(users);
    PostColumns postColumns = PostColumns.POSTS_TABLE;
    Result<Record> rows =
        dsl.select(userColumns.fields())
            .select(postColumns.fields())
            .from(users)
            .leftJoin(POSTS)
            .on(POSTS.USER_ID.eq(userColumns.id()))
            .orderBy(users.field(position).asc(), POSTS.CREATED_AT.asc(), POSTS.ID.asc())
            .fetch();
    return fold(rows, userColumns);
  }

  /** Folds join rows (ordered so that each user's rows are adjacent) into users. */
  static List<User> fold(List<? extends Record> rows, UserColumns userColumns) {
    PostColumns postColumns = PostColumns.POSTS_TABLE;
    List<User> users = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= rows.size(); i++) {
      if (i == rows.size() || !rows.get(i).get(userColumns.id()).equals(rows.get(start).get(userColumns.id()))) {
        List<? extends Record> group = rows.subList(start, i);
        users.add(
            userColumns.user(
                group.getFirst(),
                self -> {
                  List<Post> posts = new ArrayList<>(group.size());
                  for (Record row : group) {
                    if (row.get(postColumns.id()) != null) {
                      posts.add(postColumns.post(row, ToOne.loaded(self)));
                    }
                  }
                  return ToMany.loaded(posts);
                }));
        start = i;
      }
    }
    return users;
  }

  static Field<Result<Record>> postsMultiset() {
    return POSTS_MULTISET;
  }

  List<User> fromMultisetRows(List<? extends Record> rows) {
    return map(rows, this::fromMultiset);
  }

  private User fromMultiset(Record row) {
    Result<Record> postRows = row.get(POSTS_MULTISET);
    return UserColumns.USERS_TABLE.user(row, self -> ToMany.loaded(posts(postRows, self)));
  }

  private List<User> subquery(DSLContext dsl, Root root) {
    Result<Record> userRows = dsl.fetch(root.limited(dsl));
    if (userRows.isEmpty()) {
      return List.of();
    }
    var rootIds = dsl.select(USERS.ID).from(USERS).where(root.condition()).orderBy(root.order());
    Result<Record> postRows =
        dsl.select(PostColumns.POSTS_TABLE.fields())
            .from(POSTS)
            .where(POSTS.USER_ID.in(root.limit() == null ? rootIds : rootIds.limit(root.limit())))
            .orderBy(POST_ORDER_BY_USER)
            .fetch();
    return withPostRows(userRows, group(postRows));
  }

  Map<Long, List<Record>> selectIn(DSLContext dsl, List<Long> ids) {
    Map<Long, List<Record>> byUser = new HashMap<>();
    int batchSize = backref.batchSize();
    for (int from = 0; from < ids.size(); from += batchSize) {
      List<Long> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
      Result<Record> rows =
          dsl.select(PostColumns.POSTS_TABLE.fields())
              .from(POSTS)
              .where(POSTS.USER_ID.eq(any(batch.toArray(Long[]::new))))
              .orderBy(POST_ORDER_BY_USER)
              .fetch();
      byUser.putAll(group(rows));
    }
    return byUser;
  }

  private List<User> withPostRows(List<? extends Record> userRows, Map<Long, List<Record>> postRows) {
    UserColumns columns = UserColumns.USERS_TABLE;
    return map(
        userRows,
        row ->
            columns.user(
                row, self -> ToMany.loaded(posts(postRows.getOrDefault(self.id(), List.of()), self))));
  }

  private List<User> batched(List<? extends Record> userRows) {
    UserColumns columns = UserColumns.USERS_TABLE;
    List<User> users = new ArrayList<>(userRows.size());
    int batchSize = backref.batchSize();
    for (int from = 0; from < userRows.size(); from += batchSize) {
      List<? extends Record> slice = userRows.subList(from, Math.min(userRows.size(), from + batchSize));
      Batch batch = new Batch(ids(slice));
      for (Record row : slice) {
        users.add(
            columns.user(
                row,
                self ->
                    ToMany.lazy(
                        () ->
                            RelationLoadException.load(
                                self.reference() + ".posts", () -> posts(batch.rowsOf(self.id()), self)))));
      }
    }
    return users;
  }

  /** The users loaded together under {@link FetchPolicy#BATCH}: their posts load in one statement. */
  private final class Batch {
    private final List<Long> ids;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<Long, List<Record>> rows;

    Batch(List<Long> ids) {
      this.ids = ids;
    }

    List<Record> rowsOf(long userId) {
      lock.lock();
      try {
        if (rows == null) {
          rows = selectIn(backref.detached(), ids);
        }
        return rows.getOrDefault(userId, List.of());
      } finally {
        lock.unlock();
      }
    }
  }

  private List<Post> postsOf(User user) {
    Result<Record> rows =
        backref.detached()
            .select(PostColumns.POSTS_TABLE.fields())
            .from(POSTS)
            .where(POSTS.USER_ID.eq(user.id()))
            .orderBy(POST_ORDER)
            .fetch();
    return posts(rows, user);
  }

  private static List<Post> posts(List<? extends Record> rows, User author) {
    List<Post> posts = new ArrayList<>(rows.size());
    for (Record row : rows) {
      posts.add(PostColumns.POSTS_TABLE.post(row, ToOne.loaded(author)));
    }
    return posts;
  }

  private static Map<Long, List<Record>> group(List<? extends Record> postRows) {
    Map<Long, List<Record>> byUser = new HashMap<>();
    for (Record row : postRows) {
      byUser.computeIfAbsent(row.get(POSTS.USER_ID), id -> new ArrayList<>()).add(row);
    }
    return byUser;
  }

  static List<Long> ids(List<? extends Record> userRows) {
    List<Long> ids = new ArrayList<>(userRows.size());
    for (Record row : userRows) {
      ids.add(row.get(USERS.ID));
    }
    return ids;
  }

  private static List<User> map(List<? extends Record> rows, Function<Record, User> mapper) {
    List<User> users = new ArrayList<>(rows.size());
    for (Record row : rows) {
      users.add(mapper.apply(row));
    }
    return users;
  }
}
