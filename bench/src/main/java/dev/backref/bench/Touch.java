package dev.backref.bench;

import dev.backref.bench.data.Checksum;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/** Reads every relation of a result, so that lazy and dynamic policies pay for their loads inside the timed operation. */
final class Touch {

  private Touch() {}

  static void users(List<User> users, Blackhole blackhole) {
    for (User user : users) {
      blackhole.consume(Checksum.postsOf(user));
    }
  }

  static void graph(List<User> users, Blackhole blackhole) {
    for (User user : users) {
      for (Post post : user.posts().get()) {
        blackhole.consume(post.tags().get());
      }
    }
  }

  static void posts(List<Post> posts, Blackhole blackhole) {
    for (Post post : posts) {
      blackhole.consume(post.author());
    }
  }
}
