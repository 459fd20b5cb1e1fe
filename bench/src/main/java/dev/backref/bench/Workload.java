package dev.backref.bench;

import dev.backref.bench.data.Dataset;
import dev.backref.persistence.NewPost;
import java.util.List;

/** The arguments of each scenario, derived from the dataset so that expectations can be computed. */
public final class Workload {

  public static final int PAGE_SIZE = 50;
  public static final int FIRST_POSTS = 1_000;
  /** Contains a dash, so it never collides with a generated username (letters only). */
  public static final String NEW_USERNAME = "Bench-insert";
  public static final List<NewPost> NEW_POSTS =
      Dataset.USERS_1K.posts(1).stream().map(post -> new NewPost(post.title(), post.content())).toList();

  private Workload() {}

  /** The page starts after the user in the middle of username order. */
  public static String pageAfter(Dataset dataset) {
    return dataset.usersByUsername().get(dataset.users() / 2).username();
  }

  public static long userId(Dataset dataset) {
    return dataset.users() / 2;
  }
}
