package dev.backref.examples.plain;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;
import static dev.backref.persistence.FetchPolicy.JOINED;
import static dev.backref.persistence.FetchPolicy.SELECT_IN;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPlan;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.schema.Migrations;
import java.util.List;

/** Usage: {@code java dev.backref.examples.plain.Main JDBC_URL USER PASSWORD} (a UTF8 database). */
public final class Main {

  /** A user with her posts (second statement) and each post's tags (joined into it). */
  static final FetchPlan<User> POSTS_WITH_TAGS = FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED)));

  public static void main(String[] args) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);   // jdbc:postgresql://localhost:5432/blog
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      Migrations.of(dataSource).migrate();            // backref's V1..V4; a no-op when up to date
      Backref backref = Backref.create(dataSource);   // thread-safe: keep one per application

      if (backref.users().findByUsername("alice", FetchPolicy.NONE).isEmpty()) {
        backref.transaction(tx -> {                   // one transaction: all of it or nothing
          User alice = tx.users().create("alice");
          tx.posts().create(alice.id(), new NewPost("Hello", "First post"), List.of("java", "SQL"));
          tx.posts().create(alice.id(), new NewPost("Again", "Second post"), List.of("java"));
        });
      }

      User alice = backref.users().getByUsername("alice", POSTS_WITH_TAGS);   // 2 statements
      for (Post post : alice.posts()) {
        List<String> tags = post.tags().get().stream().map(Tag::name).toList();
        System.out.println(post.author().username() + ": " + post.title() + " " + tags);
      }
    }
  }

  private Main() {}
}
