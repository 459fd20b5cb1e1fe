package dev.backref.bench.contender;

import dev.backref.bench.data.Checksum;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.UserFilter;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** This library, with one {@link FetchPolicy} for every call, through its public API only. */
final class BackrefContender implements Contender {

  /** UserFilter's limit is mandatory; this one is larger than any dataset. */
  private static final int ALL = 10_000_000;

  private final Backref backref;
  private final FetchPolicy policy;

  BackrefContender(DataSource dataSource, FetchPolicy policy, int batchSize) {
    this.backref = Backref.builder(dataSource).batchSize(batchSize).build();
    this.policy = policy;
  }

  @Override
  public List<User> allUsers() {
    return backref.users().findAll(UserFilter.all().limit(ALL), policy);
  }

  @Override
  public List<User> page(String afterUsername, int limit) {
    return backref.users().page(afterUsername, limit, policy).items();
  }

  @Override
  public User userById(long id) {
    return backref.users().getById(id, policy);
  }

  @Override
  public List<Post> firstPosts(int limit) {
    return backref.posts().findAll(PostFilter.all().limit(limit), policy);
  }

  /** {@code streamAll} in id order, a batch at a time; for LAZY and BATCH reading {@code posts()} loads them. */
  @Override
  public long streamAllUsers() {
    Checksum.Users checksum = Checksum.users();
    try (Stream<User> users = backref.users().streamAll(policy)) {
      users.forEachOrdered(checksum::add);
    }
    return checksum.value();
  }

  @Override
  public List<User> nestedGraph() {
    throw new UnsupportedOperationException("the nested graph takes a fetch plan: see BackrefPlanContender");
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    try {
      return backref.transactionResult(
          tx -> {
            throw new Rollback(tx.users().create(username, posts));
          });
    } catch (Rollback rollback) {
      return rollback.user();
    }
  }
}
