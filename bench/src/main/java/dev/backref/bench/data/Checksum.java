package dev.backref.bench.data;

import dev.backref.domain.Post;
import dev.backref.domain.RelationState;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.PostQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An order-sensitive 64-bit checksum over a loaded graph, checking its shape on the way: every post
 * of a user points back at that very instance, and every author (and tag) is one instance per id. Two graphs
 * with the same checksum hold the same rows in the same order.
 */
public final class Checksum {

  private long hash = 0x9E3779B97F4A7C15L;

  /** Users with their posts; reads {@code posts()} (loading lazy relations, querying dynamic ones). */
  public static long ofUsers(List<User> users) {
    Checksum checksum = new Checksum();
    checksum.add(users.size());
    for (User user : users) {
      checksum.userWithPosts(user, postsOf(user));
    }
    return checksum.hash;
  }

  /**
   * The incremental form, for a stream too large to keep: users are added one at a time as they
   * arrive, with the same checks as {@link #ofUsers}; the number of users is mixed in last, by
   * {@link Users#value()} (so the value differs from {@code ofUsers} of the same list).
   */
  public static Users users() {
    return new Users();
  }

  /** Users with their posts, added one at a time: see {@link #users()}. Not thread-safe. */
  public static final class Users {
    private final Checksum checksum = new Checksum();
    private long count;

    private Users() {}

    /** Adds the user with their posts, read as {@link #postsOf} reads them. */
    public void add(User user) {
      add(user, postsOf(user));
    }

    /** Adds the user with {@code posts}, which must be the user's posts in order, each pointing back at {@code user}. */
    public void add(User user, List<Post> posts) {
      checksum.userWithPosts(user, posts);
      count++;
    }

    /** The checksum of every user added so far, followed by their number. */
    public long value() {
      Checksum last = new Checksum();
      last.hash = checksum.hash;
      return last.add(count).hash;
    }
  }

  /**
   * Users with their posts and each post's tags; reads {@code posts()} and {@code tags()} (loading
   * lazy and batched relations). Also fails if a tag appears as two instances in the one load.
   */
  public static long ofNestedGraph(List<User> users) {
    Checksum checksum = new Checksum();
    Map<Long, Tag> seen = new HashMap<>();
    checksum.add(users.size());
    for (User user : users) {
      checksum.user(user.id(), user.username(), user.createdAt(), user.version());
      List<Post> posts = user.posts().get();
      checksum.add(posts.size());
      for (Post post : posts) {
        if (post.author() != user) {
          throw new IllegalStateException(post.reference() + " does not point back at its " + user.reference() + " instance");
        }
        checksum.post(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version());
        List<Tag> tags = post.tags().get();
        checksum.add(tags.size());
        for (Tag tag : tags) {
          if (seen.computeIfAbsent(tag.id(), id -> tag) != tag) {
            throw new IllegalStateException("Two instances of " + tag.reference() + " in one load");
          }
          checksum.tag(tag.id(), tag.name(), tag.createdAt(), tag.version());
        }
      }
    }
    return checksum.hash;
  }

  /** Posts with their author; reads {@code author()} (loading lazy relations). */
  public static long ofPosts(List<Post> posts) {
    Checksum checksum = new Checksum();
    checksum.add(posts.size());
    Map<Long, User> authors = new HashMap<>();
    for (Post post : posts) {
      checksum.post(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version());
      User author = post.author();
      if (authors.computeIfAbsent(author.id(), id -> author) != author) {
        throw new IllegalStateException("Two instances of " + author.reference() + " in one load");
      }
      checksum.user(author.id(), author.username(), author.createdAt(), author.version());
    }
    return checksum.hash;
  }

  /** A freshly inserted user: everything but the generated ids and timestamps. */
  public static long ofInserted(User user) {
    Checksum checksum = new Checksum();
    checksum.add(user.username()).add(user.version());
    List<Post> posts = user.posts().get();
    checksum.add(posts.size());
    for (Post post : posts) {
      if (post.author() != user || post.authorId() != user.id()) {
        throw new IllegalStateException(post.reference() + " does not point back at its author");
      }
      checksum.add(post.title()).add(post.content()).add(post.version());
    }
    return checksum.hash;
  }

  /** The posts of a user as the benchmark touches them: {@code get()}, or the query of a dynamic relation. */
  public static List<Post> postsOf(User user) {
    return user.posts().state() == RelationState.DYNAMIC
        ? user.posts().query(PostQuery.class).fetch()
        : user.posts().get();
  }

  private void userWithPosts(User user, List<Post> posts) {
    user(user.id(), user.username(), user.createdAt(), user.version());
    add(posts.size());
    for (Post post : posts) {
      if (post.author() != user) {
        throw new IllegalStateException(post.reference() + " does not point back at its " + user.reference() + " instance");
      }
      post(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version());
    }
  }

  Checksum user(long id, String username, Instant createdAt, long version) {
    return add(id).add(username).add(createdAt).add(version);
  }

  Checksum post(long id, long authorId, String title, String content, Instant createdAt, long version) {
    return add(id).add(authorId).add(title).add(content).add(createdAt).add(version);
  }

  Checksum tag(long id, String name, Instant createdAt, long version) {
    return add(id).add(name).add(createdAt).add(version);
  }

  Checksum add(long value) {
    hash = mix(hash * 31 + value);
    return this;
  }

  Checksum add(String value) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < value.length(); i++) {
      h = (h ^ value.charAt(i)) * 0x100000001b3L;
    }
    return add(h).add(value.length());
  }

  Checksum add(Instant value) {
    return add(value.getEpochSecond()).add(value.getNano());
  }

  long value() {
    return hash;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
