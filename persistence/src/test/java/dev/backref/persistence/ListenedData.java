package dev.backref.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The dataset of the listener and metrics tests: 12 users ({@code m-00} to {@code m-11}) with 2 posts
 * each, every post tagged {@code common} and its author's own tag ({@code own-0} ...): 13 tags, 48
 * links. With the statements and rows each policy documents for reading all users.
 */
final class ListenedData {

  static final int USERS = 12;
  static final int POSTS_PER_USER = 2;
  static final int POSTS = USERS * POSTS_PER_USER;
  static final int TAGS = USERS + 1;

  private ListenedData() {}

  static void seed(DataSource dataSource) {
    DSLContext dsl = Dataset.dsl(dataSource);
    Random random = new Random(11);
    long common = TagData.tag(dsl, "common");
    for (int i = 0; i < USERS; i++) {
      long user = Dataset.user(dsl, String.format("m-%02d", i), Dataset.EPOCH);
      Dataset.posts(dsl, user, POSTS_PER_USER, random, "Post");
      TagData.linkAllPostsOf(dsl, user, common);
      TagData.linkAllPostsOf(dsl, user, TagData.tag(dsl, "own-" + i));
    }
  }

  /** The statements of {@code users().findAll} over all users, as FetchPolicy and the README document them. */
  static int documentedStatements(FetchPolicy policy) {
    return switch (policy) {
      case NONE, JOINED, MULTISET, LAZY, BATCH, DYNAMIC -> 1;
      case SUBQUERY, SELECT_IN -> 2;   // SELECT_IN: 1 + ceil(12 / 1,000)
    };
  }

  /** The rows the driver returns for it: users, plus posts where a statement reads them as rows. */
  static long rows(FetchPolicy policy) {
    return switch (policy) {
      case NONE, MULTISET, LAZY, BATCH, DYNAMIC -> USERS;   // MULTISET: posts nested in each user's row
      case JOINED -> POSTS;   // every user has posts: one row per post
      case SUBQUERY, SELECT_IN -> USERS + POSTS;
    };
  }

  /** What a listener heard, in order. */
  static final class Recording implements BackrefListener {
    final List<LoadEvent> loads = Collections.synchronizedList(new ArrayList<>());
    final List<LazyLoadEvent> lazyLoads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void loaded(LoadEvent event) {
      loads.add(event);
    }

    @Override
    public void lazyLoaded(LazyLoadEvent event) {
      lazyLoads.add(event);
    }
  }
}
