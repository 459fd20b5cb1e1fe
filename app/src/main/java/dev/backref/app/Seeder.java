package dev.backref.app;

import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.UserRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Inserts generated users and posts: each user with all its posts in one {@code INSERT}
 * ({@link UserRepository#create(String, List)}), {@value #USERS_PER_TRANSACTION} users per
 * transaction so that commits do not dominate. A username already taken in the database is
 * replaced by another one. Not thread-safe.
 */
final class Seeder {

  static final int USERS_PER_TRANSACTION = 100;
  private static final int MAX_NAME_ATTEMPTS = 50;

  private final Backref backref;
  private final FakeBlog fake;

  Seeder(Backref backref, FakeBlog fake) {
    this.backref = backref;
    this.fake = fake;
  }

  /** What one {@link #seed} call inserted. */
  record Result(int users, long posts, Duration elapsed) {}

  /**
   * Inserts {@code users} users with {@code postsPerUser} posts each.
   *
   * @param progress called with the number of posts inserted so far (for a progress bar)
   * @param afterTransaction called after each committed transaction
   */
  Result seed(int users, int postsPerUser, LongConsumer progress, Runnable afterTransaction) {
    long start = System.nanoTime();
    long[] posts = {0};
    for (int done = 0; done < users; done += USERS_PER_TRANSACTION) {
      int batch = Math.min(USERS_PER_TRANSACTION, users - done);
      List<List<NewPost>> contents = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        contents.add(fake.posts(postsPerUser));
      }
      backref.transaction(
          tx -> {
            for (List<NewPost> content : contents) {
              create(tx.users(), content);
              posts[0] += content.size();
              progress.accept(posts[0]);
            }
          });
      afterTransaction.run();
    }
    return new Result(users, posts[0], Duration.ofNanos(System.nanoTime() - start));
  }

  /** Creates a user with a fresh generated name, retrying with another one if the name is taken. */
  User create(UserRepository users, List<NewPost> posts) {
    for (int attempt = 1; ; attempt++) {
      try {
        return users.create(fake.username(), posts);
      } catch (DuplicateUsernameException e) {
        if (attempt == MAX_NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
