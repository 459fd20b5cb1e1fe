package dev.backref.bench.data;

import dev.backref.bench.data.Dataset.PostRow;
import dev.backref.bench.data.Dataset.TagRow;
import dev.backref.bench.data.Dataset.UserRow;
import dev.backref.persistence.NewPost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The checksums every contender must reproduce, computed from the generator alone (no database),
 * in the same order and with the same fields as {@link Checksum}.
 */
public final class Expected {

  private Expected() {}

  public static long allUsers(Dataset dataset) {
    return users(dataset, dataset.usersByUsername());
  }

  /**
   * Every user with their posts in id order, as {@link Checksum#users()} folds them one at a time
   * (the number of users last): the users are generated one by one, never all held.
   */
  public static long streamAll(Dataset dataset) {
    Checksum checksum = new Checksum();
    for (long id = 1; id <= dataset.users(); id++) {
      user(checksum, dataset, dataset.user(id));
    }
    checksum.add(dataset.users());
    return checksum.value();
  }

  /** The keyset page after {@code afterUsername} (compared regardless of case). */
  public static long page(Dataset dataset, String afterUsername, int limit) {
    String after = afterUsername.toLowerCase(Locale.ROOT);
    List<UserRow> page =
        dataset.usersByUsername().stream()
            .filter(u -> u.username().toLowerCase(Locale.ROOT).compareTo(after) > 0)
            .limit(limit)
            .toList();
    return users(dataset, page);
  }

  /** The checksum of a one-element list holding the user, as {@code Checksum.ofUsers(List.of(user))}. */
  public static long userById(Dataset dataset, long id) {
    return users(dataset, List.of(dataset.user(id)));
  }

  /** The first {@code limit} posts by created_at, then id, each with its author. */
  public static long firstPosts(Dataset dataset, int limit) {
    Comparator<PostRow> order = Comparator.comparing(PostRow::createdAt).thenComparingLong(PostRow::id);
    PriorityQueue<PostRow> latestKept = new PriorityQueue<>(order.reversed());
    for (long id = 1; id <= dataset.users(); id++) {
      Instant userCreated = dataset.user(id).createdAt();
      if (latestKept.size() == limit && userCreated.isAfter(latestKept.peek().createdAt())) {
        break; // posts are never older than their user, and users are created in id order
      }
      for (PostRow post : dataset.posts(id)) {
        latestKept.add(post);
        if (latestKept.size() > limit) {
          latestKept.poll();
        }
      }
    }
    List<PostRow> first = new ArrayList<>(latestKept);
    first.sort(order);
    Checksum checksum = new Checksum();
    checksum.add(first.size());
    for (PostRow post : first) {
      post(checksum, post);
      UserRow author = dataset.user(post.userId());
      checksum.user(author.id(), author.username(), author.createdAt(), author.version());
    }
    return checksum.value();
  }

  /** Every user with their posts and each post's tags, as {@code Checksum.ofNestedGraph}. */
  public static long nestedGraph(Dataset dataset) {
    Checksum checksum = new Checksum();
    List<UserRow> users = dataset.usersByUsername();
    checksum.add(users.size());
    for (UserRow user : users) {
      checksum.user(user.id(), user.username(), user.createdAt(), user.version());
      List<PostRow> posts = dataset.posts(user.id());
      checksum.add(posts.size());
      for (PostRow post : posts) {
        post(checksum, post);
        List<TagRow> tags = dataset.tagsOf(post.id());
        checksum.add(tags.size());
        for (TagRow tag : tags) {
          checksum.tag(tag.id(), tag.name(), tag.createdAt(), tag.version());
        }
      }
    }
    return checksum.value();
  }

  public static long inserted(String username, List<NewPost> posts) {
    Checksum checksum = new Checksum();
    checksum.add(username).add(0);
    checksum.add(posts.size());
    for (NewPost post : posts) {
      checksum.add(post.title()).add(post.content()).add(0);
    }
    return checksum.value();
  }

  private static long users(Dataset dataset, List<UserRow> users) {
    Checksum checksum = new Checksum();
    checksum.add(users.size());
    for (UserRow user : users) {
      user(checksum, dataset, user);
    }
    return checksum.value();
  }

  private static void user(Checksum checksum, Dataset dataset, UserRow user) {
    checksum.user(user.id(), user.username(), user.createdAt(), user.version());
    List<PostRow> posts = dataset.posts(user.id());
    checksum.add(posts.size());
    posts.forEach(post -> post(checksum, post));
  }

  private static void post(Checksum checksum, PostRow post) {
    checksum.post(post.id(), post.userId(), post.title(), post.content(), post.createdAt(), post.version());
  }
}
