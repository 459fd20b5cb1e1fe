package dev.backref.bench.hibernate;

import dev.backref.bench.contender.Contender;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.SharedSessionContract;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.graph.GraphSemantic;
import org.hibernate.graph.RootGraph;

/**
 * Hibernate ORM 7 on the same tables, one {@link Strategy} per instance, its entities mapped into
 * the same immutable graph inside the session (which is when lazy collections load). One session
 * per operation, no second-level cache, no statistics, nothing logged.
 */
public final class HibernateContender implements Contender {

  /**
   * How the posts (and authors) are fetched; for the nested graph, also the posts' tags, through
   * the tagged entities (absent for the strategies that do not take part in it).
   */
  public enum Strategy {
    /**
     * {@code left join fetch u.posts} in a regular session; pages take ids first, then fetch. The
     * nested graph: {@code left join fetch u.posts p left join fetch p.tags}, one statement.
     */
    JOIN_FETCH(PlainUser.class, PlainPost.class, TaggedUser.class, TaggedPost.class),
    /**
     * Plain queries; {@code @BatchSize(500)} loads collections and authors 500 owners at a time on
     * access (for the nested graph: posts of 500 users, then tags of 500 posts, per statement).
     */
    BATCH_SIZE(BatchUser.class, BatchPost.class, BatchTaggedUser.class, BatchTaggedPost.class),
    /** Plain queries; {@code @Fetch(SUBSELECT)} loads all collections of the query's users in one statement on access. */
    SUBSELECT(SubselectUser.class, SubselectPost.class, null, null),
    /** {@code join fetch} in a {@link StatelessSession}: no persistence context, no dirty-checking snapshots. */
    STATELESS(PlainUser.class, PlainPost.class, null, null),
    /**
     * The nested graph only: a plain query with a JPA fetch graph of {@code posts} and {@code
     * posts.tags} ({@link GraphSemantic#FETCH}), which Hibernate applies as fetch joins.
     */
    ENTITY_GRAPH(null, null, TaggedUser.class, TaggedPost.class);

    private final Class<? extends UserEntity> user;
    private final Class<? extends PostEntity> post;
    private final Class<? extends TaggedUserEntity> taggedUser;
    private final Class<? extends TaggedPostEntity> taggedPost;

    Strategy(
        Class<? extends UserEntity> user, Class<? extends PostEntity> post, Class<? extends TaggedUserEntity> taggedUser,
        Class<? extends TaggedPostEntity> taggedPost) {
      this.user = user;
      this.post = post;
      this.taggedUser = taggedUser;
      this.taggedPost = taggedPost;
    }

    boolean fetchJoins() {
      return this == JOIN_FETCH || this == STATELESS;
    }
  }

  private static final String AUTHOR_HINT = "loaded as the author of posts";
  private static final String TAG_HINT = "loaded as a tag of posts";

  private final Strategy strategy;
  private final SessionFactory factory;
  private final String userEntity;
  private final String postEntity;

  public HibernateContender(DataSource dataSource, Strategy strategy) {
    this.strategy = strategy;
    this.userEntity = strategy.user == null ? null : strategy.user.getSimpleName();
    this.postEntity = strategy.post == null ? null : strategy.post.getSimpleName();
    Configuration configuration = new Configuration();
    for (Class<?> entity : new Class<?>[] {strategy.user, strategy.post, strategy.taggedUser, strategy.taggedPost}) {
      if (entity != null) {
        configuration.addAnnotatedClass(entity);
      }
    }
    if (strategy.taggedPost != null) {
      configuration.addAnnotatedClass(TagEntity.class);
    }
    configuration.getProperties().put(AvailableSettings.DATASOURCE, dataSource);
    configuration.setProperty(AvailableSettings.DIALECT, PostgreSQLDialect.class.getName());
    configuration.setProperty("hibernate.boot.allow_jdbc_metadata_access", "false");
    configuration.setProperty(AvailableSettings.SHOW_SQL, "false");
    configuration.setProperty(AvailableSettings.GENERATE_STATISTICS, "false");
    this.factory = configuration.buildSessionFactory();
  }

  @Override
  public List<User> allUsers() {
    requireUsersAndPosts();
    return read(
        session -> {
          String hql =
              strategy.fetchJoins()
                  ? "select u from " + userEntity + " u left join fetch u.posts order by lower(u.username)"
                  : "select u from " + userEntity + " u order by lower(u.username)";
          return users(session.createSelectionQuery(hql, UserEntity.class).getResultList());
        });
  }

  @Override
  public List<User> page(String afterUsername, int limit) {
    requireUsersAndPosts();
    return read(
        session -> {
          if (!strategy.fetchJoins()) {
            return users(
                session
                    .createSelectionQuery(
                        "select u from " + userEntity + " u where lower(u.username) > lower(:after) order by lower(u.username)",
                        UserEntity.class)
                    .setParameter("after", afterUsername)
                    .setMaxResults(limit)
                    .getResultList());
          }
          // A limit on a collection fetch would be applied in memory (HHH90003004): ids first.
          List<Long> ids =
              session
                  .createSelectionQuery(
                      "select u.id from " + userEntity + " u where lower(u.username) > lower(:after) order by lower(u.username)",
                      Long.class)
                  .setParameter("after", afterUsername)
                  .setMaxResults(limit)
                  .getResultList();
          return users(
              session
                  .createSelectionQuery(
                      "select u from " + userEntity + " u left join fetch u.posts where u.id in :ids order by lower(u.username)",
                      UserEntity.class)
                  .setParameter("ids", ids)
                  .getResultList());
        });
  }

  @Override
  public User userById(long id) {
    requireUsersAndPosts();
    return read(
        session -> {
          if (strategy.fetchJoins()) {
            return user(
                session
                    .createSelectionQuery("select u from " + userEntity + " u left join fetch u.posts where u.id = :id", UserEntity.class)
                    .setParameter("id", id)
                    .getSingleResult());
          }
          return user(((Session) session).find(strategy.user, id));
        });
  }

  @Override
  public List<Post> firstPosts(int limit) {
    requireUsersAndPosts();
    if (strategy == Strategy.SUBSELECT) {
      throw new UnsupportedOperationException("subselect fetching applies to collections, not to a post's author");
    }
    return read(
        session -> {
          String hql =
              strategy.fetchJoins()
                  ? "select p from " + postEntity + " p join fetch p.author order by p.createdAt, p.id"
                  : "select p from " + postEntity + " p order by p.createdAt, p.id";
          List<PostEntity> rows = session.createSelectionQuery(hql, PostEntity.class).setMaxResults(limit).getResultList();
          Map<Long, User> authors = new HashMap<>();
          List<Post> posts = new ArrayList<>(rows.size());
          for (PostEntity row : rows) {
            UserEntity author = row.author();
            User mapped = authors.computeIfAbsent(author.getId(), id -> author(author));
            posts.add(post(row, mapped));
          }
          return posts;
        });
  }

  @Override
  public List<User> nestedGraph() {
    if (strategy.taggedUser == null) {
      throw new UnsupportedOperationException(strategy + " does not take part in the nested graph");
    }
    return read(
        session -> {
          String users = "select u from " + strategy.taggedUser.getSimpleName() + " u";
          return taggedUsers(
              switch (strategy) {
                case JOIN_FETCH ->
                    session
                        .createSelectionQuery(
                            users + " left join fetch u.posts p left join fetch p.tags order by lower(u.username)",
                            TaggedUserEntity.class)
                        .getResultList();
                case ENTITY_GRAPH -> withPostsAndTags((Session) session, strategy.taggedUser, users + " order by lower(u.username)");
                default -> session.createSelectionQuery(users + " order by lower(u.username)", TaggedUserEntity.class).getResultList();
              });
        });
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    if (strategy != Strategy.JOIN_FETCH) {
      throw new UnsupportedOperationException("one Hibernate insert contender is enough: " + Strategy.JOIN_FETCH);
    }
    try (Session session = factory.openSession()) {
      Transaction transaction = session.beginTransaction();
      try {
        PlainUser user = new PlainUser(username);
        session.persist(user);
        for (NewPost post : posts) {
          PlainPost entity = new PlainPost(user, post.title(), post.content());
          session.persist(entity);
          user.posts().add(entity);
        }
        session.flush();
        return user(user);
      } finally {
        transaction.rollback();
      }
    }
  }

  @Override
  public void close() {
    factory.close();
  }

  private <T> T read(Function<SharedSessionContract, T> work) {
    if (strategy == Strategy.STATELESS) {
      try (StatelessSession session = factory.openStatelessSession()) {
        return work.apply(session);
      }
    }
    try (Session session = factory.openSession()) {
      return work.apply(session);
    }
  }

  private void requireUsersAndPosts() {
    if (strategy.user == null) {
      throw new UnsupportedOperationException(strategy + " takes part in the nested graph only");
    }
  }

  /** The query's users with the fetch graph {@code posts, posts.tags}. */
  private static <U extends TaggedUserEntity> List<U> withPostsAndTags(Session session, Class<U> type, String hql) {
    RootGraph<U> graph = session.createEntityGraph(type);
    graph.addSubgraph("posts").addAttributeNodes("tags");
    return session.createSelectionQuery(hql, type).setEntityGraph(graph, GraphSemantic.FETCH).getResultList();
  }

  /**
   * Maps users, their posts and the posts' tags; reading a collection is what initializes a lazy
   * one. One {@link Tag} per tag entity (which the session already holds once per row).
   */
  private static List<User> taggedUsers(List<? extends TaggedUserEntity> entities) {
    Map<Long, Tag> tags = new HashMap<>();
    List<User> users = new ArrayList<>(entities.size());
    for (TaggedUserEntity entity : entities) {
      Set<? extends TaggedPostEntity> posts = entity.posts();
      int size = posts.size();
      users.add(
          User.of(
              entity.getId(), entity.getUsername(), entity.getCreatedAt(), entity.getVersion(),
              self -> {
                List<Post> mapped = new ArrayList<>(size);
                for (TaggedPostEntity post : posts) {
                  Set<TagEntity> own = post.tags();
                  List<Tag> ownTags = new ArrayList<>(own.size());
                  for (TagEntity tag : own) {
                    ownTags.add(tags.computeIfAbsent(tag.getId(), id -> tag(tag)));
                  }
                  mapped.add(
                      Post.of(
                          post.getId(), self.id(), post.getTitle(), post.getContent(), post.getCreatedAt(), post.getVersion(),
                          ToOne.loaded(self), ToMany.loaded(ownTags)));
                }
                return ToMany.loaded(mapped);
              }));
    }
    return users;
  }

  private static Tag tag(TagEntity entity) {
    return Tag.of(entity.getId(), entity.getName(), entity.getCreatedAt(), entity.getVersion(), ToMany.notLoaded(TAG_HINT));
  }

  private static List<User> users(List<UserEntity> entities) {
    List<User> users = new ArrayList<>(entities.size());
    for (UserEntity entity : entities) {
      users.add(user(entity));
    }
    return users;
  }

  /** Maps a user and its posts; reading the collection is what initializes a lazy one. */
  private static User user(UserEntity entity) {
    Collection<? extends PostEntity> posts = entity.posts();
    int size = posts.size();
    return User.of(
        entity.getId(), entity.getUsername(), entity.getCreatedAt(), entity.getVersion(),
        self -> {
          List<Post> mapped = new ArrayList<>(size);
          for (PostEntity post : posts) {
            mapped.add(post(post, self));
          }
          return ToMany.loaded(mapped);
        });
  }

  private static User author(UserEntity entity) {
    return User.of(
        entity.getId(), entity.getUsername(), entity.getCreatedAt(), entity.getVersion(),
        self -> ToMany.notLoaded(AUTHOR_HINT));
  }

  private static Post post(PostEntity post, User author) {
    return Post.of(
        post.getId(), author.id(), post.getTitle(), post.getContent(), post.getCreatedAt(), post.getVersion(),
        ToOne.loaded(author));
  }
}
