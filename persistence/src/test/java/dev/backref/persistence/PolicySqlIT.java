package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL each policy sends, asserted by shape and written to {@code target/policy-sql.md}: the
 * README's policy table is copied from that file.
 */
@MigratedPostgres
class PolicySqlIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.create(recorder.dataSource());
    backref.users().create("alice", List.of(new NewPost("Hello", "..."), new NewPost("Again", "...")));
    backref.users().create("bob");
    for (Post post : backref.posts().findAll(PostFilter.all(), FetchPolicy.NONE)) {
      backref.posts().tag(post.id(), List.of("java", "sql"));
    }
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @Test
  void everyPolicySendsTheDocumentedShape() throws IOException {
    StringBuilder log = new StringBuilder("# SQL per fetch policy (written by PolicySqlIT)\n");
    for (FetchPolicy policy : FetchPolicy.values()) {
      recorder.reset();
      List<User> users = backref.users().page(null, 50, policy).items();
      for (User user : users) {
        if (policy == FetchPolicy.DYNAMIC) {
          user.posts().query(PostQuery.class).fetch();
        } else if (policy != FetchPolicy.NONE) {
          user.posts().get();
        }
      }
      List<String> sql = recorder.statements();
      log.append("\n## users with posts: ").append(policy).append(" (").append(sql.size()).append(" statements)\n");
      sql.forEach(statement -> log.append("```sql\n").append(statement).append("\n```\n"));

      String first = sql.getFirst().toLowerCase(Locale.ROOT);
      // A bound limit lets PostgreSQL switch to a generic plan that assumes 10% of the rows
      // (for "all users": hash join and an on-disk sort instead of the index); a literal cannot.
      assertThat(String.join("\n", sql).toLowerCase(Locale.ROOT))
          .as("limits are literals")
          .doesNotContain("fetch next ?")
          .contains("fetch next 50 rows only");
      switch (policy) {
        case JOINED ->
            assertThat(first)
                .contains("left outer join posts")
                .contains("order by u.order_key_0 asc, u.id asc, posts.created_at asc")
                .doesNotContain("row_number()");
        case MULTISET -> assertThat(first).contains("(select json_agg(json_build_array(");
        case SUBQUERY -> assertThat(sql.get(1).toLowerCase(Locale.ROOT)).contains("user_id = any (array(select users.id");
        case SELECT_IN, BATCH -> assertThat(sql.get(1)).contains("= any (");
        case LAZY, DYNAMIC -> assertThat(sql.get(1)).contains("where posts.user_id = ?");
        case NONE -> assertThat(sql).hasSize(1);
      }
    }
    for (FetchPolicy policy : FetchPolicy.values()) {
      if (policy == FetchPolicy.DYNAMIC) {
        continue;
      }
      recorder.reset();
      List<Post> posts = backref.posts().findAll(PostFilter.all(), policy);
      if (policy != FetchPolicy.NONE) {
        posts.forEach(Post::author);
      }
      List<String> sql = recorder.statements();
      log.append("\n## posts with author: ").append(policy).append(" (").append(sql.size()).append(" statements)\n");
      sql.forEach(statement -> log.append("```sql\n").append(statement).append("\n```\n"));
      assertThat(posts).hasSize(2);
    }
    for (FetchPolicy policy : FetchPolicy.values()) {
      recorder.reset();
      List<Post> posts = backref.posts().findAll(PostFilter.all().limit(50), FetchPolicy.NONE, policy);
      for (Post post : posts) {
        if (policy == FetchPolicy.DYNAMIC) {
          post.tags().query(TagQuery.class).fetch();
        } else if (policy != FetchPolicy.NONE) {
          post.tags().get();
        }
      }
      List<String> sql = recorder.statements();
      log.append("\n## posts with tags: ").append(policy).append(" (").append(sql.size()).append(" statements)\n");
      sql.forEach(statement -> log.append("```sql\n").append(statement).append("\n```\n"));
      String all = String.join("\n", sql).toLowerCase(Locale.ROOT);
      switch (policy) {
        case JOINED -> assertThat(all).contains("left outer join (post_tags join tags on post_tags.tag_id = tags.id) on post_tags.post_id = p.id");
        case SELECT_IN, BATCH ->
            assertThat(sql.get(1).toLowerCase(Locale.ROOT))
                .startsWith("select post_tags.post_id, tags.id")
                .contains("where post_tags.post_id = any (")
                .doesNotContain("from posts");
        case SUBQUERY -> assertThat(sql.get(1).toLowerCase(Locale.ROOT)).contains("post_tags.post_id = any (array(select posts.id from posts");
        default -> {}
      }
    }
    for (FetchPolicy policy : FetchPolicy.values()) {
      recorder.reset();
      List<dev.backref.domain.Tag> tags = backref.tags().findAll(TagFilter.all(), policy);
      for (dev.backref.domain.Tag tag : tags) {
        if (policy == FetchPolicy.DYNAMIC) {
          tag.posts().query(PostQuery.class).fetch();
        } else if (policy != FetchPolicy.NONE) {
          tag.posts().get();
        }
      }
      List<String> sql = recorder.statements();
      log.append("\n## tags with posts: ").append(policy).append(" (").append(sql.size()).append(" statements)\n");
      sql.forEach(statement -> log.append("```sql\n").append(statement).append("\n```\n"));
      assertThat(tags).hasSize(2);
    }
    Path out = Path.of("target", "policy-sql.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, log);
  }
}
