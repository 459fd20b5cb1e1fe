package dev.backref.bench.contender;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPlan;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.UserFilter;
import java.util.List;
import javax.sql.DataSource;

/**
 * This library with one {@link FetchPlan}, {@code userPosts(posts, postTags(tags))}, through its
 * public API only: the nested graph, and nothing else (the other scenarios take one policy, see
 * {@link BackrefContender}).
 */
final class BackrefPlanContender implements Contender {

  /** UserFilter's limit is mandatory; this one is larger than any dataset. */
  private static final int ALL = 10_000_000;

  private final Backref backref;
  private final FetchPlan<User> plan;

  BackrefPlanContender(DataSource dataSource, FetchPolicy posts, FetchPolicy tags, int batchSize) {
    this.backref = Backref.builder(dataSource).batchSize(batchSize).build();
    this.plan = FetchPlan.of(userPosts(posts, postTags(tags)));
  }

  @Override
  public List<User> nestedGraph() {
    return backref.users().findAll(UserFilter.all().limit(ALL), plan);
  }

  @Override
  public List<User> allUsers() {
    throw unsupported();
  }

  @Override
  public List<User> page(String afterUsername, int limit) {
    throw unsupported();
  }

  @Override
  public User userById(long id) {
    throw unsupported();
  }

  @Override
  public List<Post> firstPosts(int limit) {
    throw unsupported();
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("a plan contender (" + plan + ") runs the nested graph only");
  }
}
