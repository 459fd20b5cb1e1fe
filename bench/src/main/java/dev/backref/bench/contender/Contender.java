package dev.backref.bench.contender;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import java.util.List;

/**
 * One way of loading the same immutable graph ({@link User#of}, {@link Post#of}, {@code Tag.of},
 * {@code ToMany.loaded}/{@code ToOne.loaded}, or the library's own relations). Every operation returns
 * what the library's repositories return for it, so one checksum covers all contenders.
 *
 * <p>Users are ordered by {@code lower(username)}, posts of a user by {@code created_at, id}. A
 * contender that cannot express an operation throws {@link UnsupportedOperationException}; the run
 * plan does not schedule it.
 */
public interface Contender extends AutoCloseable {

  /** Every user with their posts. */
  List<User> allUsers();

  /** The keyset page of {@code limit} users after {@code afterUsername}, with their posts. */
  List<User> page(String afterUsername, int limit);

  /** One user with their posts. */
  User userById(long id);

  /** The first {@code limit} posts by {@code created_at, id}, each with its author (one instance per author). */
  List<Post> firstPosts(int limit);

  /**
   * Every user with their posts and every post's tags, ordered by {@code lower(name), id}; a tag
   * carried by many posts is one instance within the load.
   */
  List<User> nestedGraph();

  /**
   * Inserts a user with posts and reads the new graph back, inside a transaction that is then
   * rolled back, so that the dataset never grows.
   */
  User insertRolledBack(String username, List<NewPost> posts);

  /**
   * Streams every user with their posts <b>in id order</b>, a batch of users at a time, and folds
   * each user into {@link dev.backref.bench.data.Checksum#users()} as it arrives, keeping none: the
   * result of a dataset larger than the heap. Returns the checksum's value.
   */
  default long streamAllUsers() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not stream");
  }

  @Override
  default void close() {}
}
