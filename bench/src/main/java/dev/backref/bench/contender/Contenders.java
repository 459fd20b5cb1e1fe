package dev.backref.bench.contender;

import dev.backref.bench.hibernate.HibernateContender;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** The contenders by name, as JMH parameters and reports spell them. */
public final class Contenders {

  public static final String JDBC_JOIN = "jdbc-join";
  public static final String JDBC_TWO_QUERIES = "jdbc-any";
  public static final String JOOQ_MULTISET = "jooq-multiset";
  public static final String JOOQ_TWO_QUERIES = "jooq-two-queries";
  public static final String HIBERNATE_JOIN_FETCH = "hibernate-join-fetch";
  public static final String HIBERNATE_BATCH_SIZE = "hibernate-batch-size";
  public static final String HIBERNATE_SUBSELECT = "hibernate-subselect";
  public static final String HIBERNATE_STATELESS = "hibernate-stateless";
  public static final String HIBERNATE_ENTITY_GRAPH = "hibernate-entity-graph";
  public static final String JDBC_CURSOR = "jdbc-cursor";
  public static final String JDBC_CURSOR_ANY = "jdbc-cursor-any";
  private static final String BACKREF = "backref-";
  private static final String BACKREF_PLAN = "backref-posts-";
  private static final String THEN_TAGS = "-tags-";

  /**
   * {@code -Dbackref.bench.batchSize=N} builds this library's contenders with {@code
   * Backref.builder(ds).batchSize(N)} instead of the default (it changes SELECT_IN and BATCH).
   */
  public static final String BATCH_SIZE_PROPERTY = "backref.bench.batchSize";

  /**
   * The raw JDBC floors; ratios are taken against the faster of those in the same table. The two
   * cursor floors run in the stream scenario only, the other two in every other scenario.
   */
  public static final List<String> RAW_JDBC = List.of(JDBC_JOIN, JDBC_TWO_QUERIES, JDBC_CURSOR, JDBC_CURSOR_ANY);

  private Contenders() {}

  /** The batch size of this library's contenders and of the streaming floors: {@link #BATCH_SIZE_PROPERTY}, else the library's default. */
  public static int batchSize() {
    return Integer.getInteger(BATCH_SIZE_PROPERTY, Backref.DEFAULT_BATCH_SIZE);
  }

  public static String backref(FetchPolicy policy) {
    return BACKREF + name(policy);
  }

  /** The plan {@code userPosts(posts, postTags(tags))}, as {@code backref-posts-select-in-tags-joined}. */
  public static String backref(FetchPolicy posts, FetchPolicy tags) {
    return BACKREF_PLAN + name(posts) + THEN_TAGS + name(tags);
  }

  /** Every contender that loads users with their posts. */
  public static List<String> forUsers() {
    List<String> names = new ArrayList<>(List.of(
        JDBC_JOIN, JDBC_TWO_QUERIES, JOOQ_MULTISET, JOOQ_TWO_QUERIES,
        HIBERNATE_JOIN_FETCH, HIBERNATE_BATCH_SIZE, HIBERNATE_SUBSELECT, HIBERNATE_STATELESS));
    for (FetchPolicy policy : FetchPolicy.values()) {
      if (policy != FetchPolicy.NONE) {
        names.add(backref(policy));
      }
    }
    return names;
  }

  /** Every contender that loads posts with their author (DYNAMIC and subselect apply to collections only). */
  public static List<String> forPosts() {
    return forUsers().stream()
        .filter(name -> !name.equals(HIBERNATE_SUBSELECT) && !name.equals(backref(FetchPolicy.DYNAMIC)))
        .toList();
  }

  /** One contender per technology for the insert: fetch policies do not apply to it. */
  public static List<String> forInsert() {
    return List.of(JDBC_JOIN, JOOQ_MULTISET, HIBERNATE_JOIN_FETCH, backref(FetchPolicy.JOINED));
  }

  /**
   * Every contender that loads users with their posts and the posts' tags: raw JDBC in three queries
   * ({@code jdbc-any}) and in one join, jOOQ with nested {@code MULTISET}, three Hibernate
   * strategies, and seven plans of this library.
   */
  public static List<String> forNested() {
    return List.of(
        JDBC_JOIN, JDBC_TWO_QUERIES, JOOQ_MULTISET, HIBERNATE_JOIN_FETCH, HIBERNATE_BATCH_SIZE, HIBERNATE_ENTITY_GRAPH,
        backref(FetchPolicy.SELECT_IN, FetchPolicy.SELECT_IN), backref(FetchPolicy.SELECT_IN, FetchPolicy.JOINED),
        backref(FetchPolicy.JOINED, FetchPolicy.SELECT_IN), backref(FetchPolicy.JOINED, FetchPolicy.JOINED),
        backref(FetchPolicy.SUBQUERY, FetchPolicy.SUBQUERY), backref(FetchPolicy.MULTISET, FetchPolicy.MULTISET),
        backref(FetchPolicy.BATCH, FetchPolicy.BATCH));
  }

  /**
   * Every contender that streams all users with their posts in id order, batch by batch: the two
   * cursor floors and the library's {@code streamAll} under the policies that load per batch.
   */
  public static List<String> forStream() {
    return List.of(
        JDBC_CURSOR, JDBC_CURSOR_ANY, backref(FetchPolicy.SELECT_IN), backref(FetchPolicy.JOINED), backref(FetchPolicy.BATCH));
  }

  /** The contenders of a scenario, by its name in {@code Scenario} and the reports. */
  public static List<String> forScenario(String scenario) {
    return switch (scenario) {
      case "firstPosts" -> forPosts();
      case "insert" -> forInsert();
      case "nestedGraph" -> forNested();
      case "stream" -> forStream();
      default -> forUsers();
    };
  }

  /** Every contender once, in the order of the report's tables. */
  public static List<String> all() {
    LinkedHashSet<String> names = new LinkedHashSet<>(forUsers());
    names.add(HIBERNATE_ENTITY_GRAPH);
    names.addAll(forNested());
    names.addAll(forStream());
    return List.copyOf(names);
  }

  public static Contender create(String name, DataSource dataSource) {
    return create(name, dataSource, batchSize());
  }

  /** The contender {@code name}; {@code batchSize} for this library's contenders and the streaming floors. */
  public static Contender create(String name, DataSource dataSource, int batchSize) {
    return switch (name) {
      case JDBC_JOIN -> new JdbcJoin(dataSource);
      case JDBC_TWO_QUERIES -> new JdbcTwoQueries(dataSource);
      case JOOQ_MULTISET -> new JooqMultiset(dataSource);
      case JOOQ_TWO_QUERIES -> new JooqTwoQueries(dataSource);
      case HIBERNATE_JOIN_FETCH -> new HibernateContender(dataSource, HibernateContender.Strategy.JOIN_FETCH);
      case HIBERNATE_BATCH_SIZE -> new HibernateContender(dataSource, HibernateContender.Strategy.BATCH_SIZE);
      case HIBERNATE_SUBSELECT -> new HibernateContender(dataSource, HibernateContender.Strategy.SUBSELECT);
      case HIBERNATE_STATELESS -> new HibernateContender(dataSource, HibernateContender.Strategy.STATELESS);
      case HIBERNATE_ENTITY_GRAPH -> new HibernateContender(dataSource, HibernateContender.Strategy.ENTITY_GRAPH);
      case JDBC_CURSOR -> new JdbcCursor(dataSource, batchSize);
      case JDBC_CURSOR_ANY -> new JdbcCursorAny(dataSource, batchSize);
      default -> {
        if (name.startsWith(BACKREF_PLAN) && name.contains(THEN_TAGS)) {
          String plan = name.substring(BACKREF_PLAN.length());
          int tags = plan.indexOf(THEN_TAGS);
          yield new BackrefPlanContender(
              dataSource, policy(plan.substring(0, tags)), policy(plan.substring(tags + THEN_TAGS.length())), batchSize);
        }
        if (!name.startsWith(BACKREF)) {
          throw new IllegalArgumentException("No contender named " + name);
        }
        yield new BackrefContender(dataSource, policy(name.substring(BACKREF.length())), batchSize);
      }
    };
  }

  private static String name(FetchPolicy policy) {
    return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static FetchPolicy policy(String name) {
    return FetchPolicy.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
