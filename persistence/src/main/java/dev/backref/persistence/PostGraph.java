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
import dev.backref.persistence.Mapping.PostRow;
import dev.backref.persistence.Mapping.UserColumns;
import dev.backref.persistence.Mapping.UserRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;

/**
 * Loads posts with their author under a {@link FetchPolicy}. Within one load each distinct author
 * is one {@link User} instance whose own posts are not loaded.
 */
final class PostGraph {

  static final String NOT_LOADED_HINT =
      "it was loaded with FetchPolicy.NONE; load authors with JOINED, MULTISET, SUBQUERY, SELECT_IN, LAZY or BATCH";

  private static final List<SortField<?>> ORDER = List.of(POSTS.CREATED_AT.asc(), POSTS.ID.asc());
  private static final Field<Result<Record>> AUTHOR_MULTISET =
      multiset(select(UserColumns.USERS_TABLE.fields()).from(USERS).where(USERS.ID.eq(POSTS.USER_ID))).as("author");

  /** The root query of a load over {@code posts}; the limit is a literal (see {@link UserGraph.Root}). */
  record Root(Condition condition, Integer limit) {

    Select<Record> select(DSLContext dsl, Field<?>... extra) {
      var query = dsl.select(PostColumns.POSTS_TABLE.fields()).select(extra).from(POSTS).where(condition).orderBy(ORDER);
      return limit == null ? query : query.limit(inline(limit));
    }
  }

  private final Backref backref;

  PostGraph(Backref backref) {
    this.backref = backref;
  }

  List<Post> load(Root root, FetchPolicy policy) {
    DSLContext dsl = backref.dsl();
    return switch (policy) {
      case NONE -> Rows.list(root.select(dsl), row -> Mapping.post(row, 1, ToOne.notLoaded(NOT_LOADED_HINT)));
      case JOINED -> joined(dsl, root);
      case MULTISET -> multisetAuthors(dsl, root);
      case SUBQUERY -> backref.onOneConnection(one -> subquery(one, root));
      case SELECT_IN -> backref.onOneConnection(one -> selectIn(one, root));
      case LAZY -> lazy(dsl, root);
      case BATCH -> batched(dsl, root);
      case DYNAMIC ->
          throw new IllegalArgumentException(
              "FetchPolicy.DYNAMIC applies to to-many relations (user.posts()); a post's author is a single row");
    };
  }

  private List<Post> joined(DSLContext dsl, Root root) {
    // (created_at, id) is a total order, so the outer query re-sorts by it; a row_number() over the
    // same order would make PostgreSQL sort every matching post before the limit applies.
    Table<Record> posts = root.select(dsl).asTable("p");
    PostColumns postColumns = PostColumns.of(posts);
    var query =
        dsl.select(postColumns.fields())
            .select(UserColumns.USERS_TABLE.fields())
            .from(posts)
            .join(USERS)
            .on(USERS.ID.eq(postColumns.userId()))
            .orderBy(postColumns.createdAt().asc(), postColumns.id().asc());
    int firstUserColumn = 1 + Mapping.POST_COLUMNS;
    Map<Long, User> authors = new HashMap<>();
    return Rows.list(
        query,
        row -> {
          long authorId = row.getLong(firstUserColumn);
          User author = authors.get(authorId);
          if (author == null) {
            author = author(UserRow.read(row, firstUserColumn));
            authors.put(authorId, author);
          }
          return Mapping.post(row, 1, ToOne.loaded(author));
        });
  }

  private List<Post> multisetAuthors(DSLContext dsl, Root root) {
    Result<Record> rows = dsl.fetch(root.select(dsl, AUTHOR_MULTISET));
    Map<Long, User> authors = new HashMap<>();
    List<Post> result = new ArrayList<>(rows.size());
    for (Record row : rows) {
      Record authorRow = row.get(AUTHOR_MULTISET).getFirst();
      User author = authors.computeIfAbsent(authorRow.get(USERS.ID), id -> author(authorRow));
      result.add(PostColumns.POSTS_TABLE.post(row, ToOne.loaded(author)));
    }
    return result;
  }

  private List<Post> subquery(DSLContext dsl, Root root) {
    List<PostRow> postRows = postRows(dsl, root);
    if (postRows.isEmpty()) {
      return List.of();
    }
    var authorIds = dsl.select(POSTS.USER_ID).from(POSTS).where(root.condition()).orderBy(ORDER);
    var authors =
        dsl.select(UserColumns.USERS_TABLE.fields())
            .from(USERS)
            .where(USERS.ID.in(root.limit() == null ? authorIds : authorIds.limit(inline(root.limit()))));
    return withAuthors(postRows, authors(authors));
  }

  private List<Post> selectIn(DSLContext dsl, Root root) {
    List<PostRow> postRows = postRows(dsl, root);
    return withAuthors(postRows, fetchAuthors(dsl, distinctAuthorIds(postRows)));
  }

  private static List<PostRow> postRows(DSLContext dsl, Root root) {
    return Rows.list(root.select(dsl), row -> PostRow.read(row, 1));
  }

  private Map<Long, User> fetchAuthors(DSLContext dsl, List<Long> ids) {
    Map<Long, User> authors = new HashMap<>();
    int batchSize = backref.batchSize();
    for (int from = 0; from < ids.size(); from += batchSize) {
      List<Long> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
      authors.putAll(
          authors(dsl.select(UserColumns.USERS_TABLE.fields()).from(USERS).where(USERS.ID.eq(any(batch.toArray(Long[]::new))))));
    }
    return authors;
  }

  private List<Post> lazy(DSLContext dsl, Root root) {
    Map<Long, User> identityMap = new ConcurrentHashMap<>();
    return Rows.list(
        root.select(dsl),
        row -> {
          long postId = row.getLong(1);
          long authorId = row.getLong(1 + Mapping.POST_USER_ID);
          return Mapping.post(
              row,
              1,
              ToOne.lazy(
                  () ->
                      RelationLoadException.load(
                          relationName(postId), () -> identityMap.computeIfAbsent(authorId, this::fetchAuthor))));
        });
  }

  private User fetchAuthor(long id) {
    List<User> found =
        Rows.list(
            backref.detached().select(UserColumns.USERS_TABLE.fields()).from(USERS).where(USERS.ID.eq(id)),
            row -> author(UserRow.read(row, 1)));
    if (found.isEmpty()) {
      throw UserNotFoundException.byId(id);
    }
    return found.getFirst();
  }

  private List<Post> batched(DSLContext dsl, Root root) {
    List<PostRow> postRows = postRows(dsl, root);
    List<Long> ids = distinctAuthorIds(postRows);
    Map<Long, AuthorBatch> batchOf = new HashMap<>();
    int batchSize = backref.batchSize();
    for (int from = 0; from < ids.size(); from += batchSize) {
      AuthorBatch batch = new AuthorBatch(ids.subList(from, Math.min(ids.size(), from + batchSize)));
      for (Long id : batch.ids) {
        batchOf.put(id, batch);
      }
    }
    List<Post> posts = new ArrayList<>(postRows.size());
    for (PostRow row : postRows) {
      long authorId = row.userId();
      AuthorBatch batch = batchOf.get(authorId);
      long postId = row.id();
      posts.add(row.post(ToOne.lazy(() -> RelationLoadException.load(relationName(postId), () -> batch.author(authorId)))));
    }
    return posts;
  }

  private static String relationName(long postId) {
    return "Post#" + postId + ".author";
  }

  /** Authors of posts loaded together under {@link FetchPolicy#BATCH}: loaded in one statement. */
  private final class AuthorBatch {
    private final List<Long> ids;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<Long, User> authors;

    AuthorBatch(List<Long> ids) {
      this.ids = List.copyOf(ids);
    }

    User author(long id) {
      lock.lock();
      try {
        if (authors == null) {
          authors = fetchAuthors(backref.detached(), ids);
        }
        User author = authors.get(id);
        if (author == null) {
          throw UserNotFoundException.byId(id);
        }
        return author;
      } finally {
        lock.unlock();
      }
    }
  }

  private static List<Post> withAuthors(List<PostRow> postRows, Map<Long, User> authors) {
    List<Post> posts = new ArrayList<>(postRows.size());
    for (PostRow row : postRows) {
      posts.add(row.post(ToOne.loaded(authors.get(row.userId()))));
    }
    return posts;
  }

  private static Map<Long, User> authors(org.jooq.ResultQuery<Record> query) {
    Map<Long, User> authors = new HashMap<>();
    for (User author : Rows.list(query, row -> author(UserRow.read(row, 1)))) {
      authors.put(author.id(), author);
    }
    return authors;
  }

  static User author(Record row) {
    return author(UserRow.of(row));
  }

  private static User author(UserRow row) {
    return row.user(self -> ToMany.notLoaded(UserGraph.AUTHOR_ONLY_HINT));
  }

  private static List<Long> distinctAuthorIds(List<PostRow> postRows) {
    LinkedHashSet<Long> ids = new LinkedHashSet<>();
    for (PostRow row : postRows) {
      ids.add(row.userId());
    }
    return new ArrayList<>(ids);
  }
}
