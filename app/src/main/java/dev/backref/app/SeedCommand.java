package dev.backref.app;

import dev.backref.persistence.StatementRecorder;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code blog seed --users N --posts-per-user M --tags T}: generated users, posts and tags, inserted in batches. */
@Command(
    name = "seed",
    description = {
      "Insert generated users, posts and tags (datafaker).",
      "One INSERT per user for all its posts, " + Seeder.USERS_PER_TRANSACTION + " users per transaction; "
          + "a progress bar on a terminal.",
      "Each post gets 0 to " + FakeTags.MAX_PER_POST + " tags, a few tags being on many posts and most on few "
          + "(Zipf-like); the links of a transaction's posts are one INSERT."
    })
final class SeedCommand extends Action {

  @Option(names = "--users", defaultValue = "100", paramLabel = "N", description = "Users to create (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--posts-per-user", defaultValue = "10", paramLabel = "M", description = "Posts per user (default: ${DEFAULT-VALUE}).")
  int postsPerUser;

  @Option(names = "--tags", defaultValue = "300", paramLabel = "T", description = "Tags to spread over the posts; existing ones with the same name are reused (default: ${DEFAULT-VALUE}).")
  int tags;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed, for the same data again (default: random).")
  Long seed;

  @Override
  int run(BlogCommand blog) {
    if (users <= 0) {
      throw new UsageException("--users must be positive, was " + users);
    }
    if (postsPerUser < 0) {
      throw new UsageException("--posts-per-user must not be negative, was " + postsPerUser);
    }
    if (tags < 0) {
      throw new UsageException("--tags must not be negative, was " + tags);
    }
    long randomSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    try (Session session = Session.open(blog, Session.Kind.SEED)) {
      Seeder seeder = new Seeder(session.backref(), session.recorder().dataSource(), new FakeBlog(randomSeed), new FakeTags(randomSeed, tags));
      Seeder.Result result;
      StatementRecorder recorder = session.recorder();
      long[] statements = {0, 0};
      try (ProgressBar bar = new ProgressBar(blog.err, (long) users * postsPerUser, "posts", Terminal.interactive())) {
        // The recorder keeps the SQL of every statement: count and forget, or 100,000 users hold 200,000 strings.
        result = seeder.seed(users, postsPerUser, bar::update, () -> {
          statements[0] += recorder.count();
          statements[1] += recorder.roundTrips();
          recorder.reset();
        });
      }
      long totalUsers = session.backref().users().count();
      long totalPosts = session.backref().posts().count();
      long totalTags = session.backref().tags().count();
      double seconds = result.elapsed().toNanos() / 1e9;
      if (blog.json()) {
        blog.out.println(Json.pretty(Json.object()
            .put("statements", statements[0])
            .put("roundTrips", statements[1])
            .put("users", result.users())
            .put("posts", result.posts())
            .put("tags", result.tags())
            .put("taggings", result.taggings())
            .put("seconds", Math.round(seconds * 1000) / 1000.0)
            .put("seed", randomSeed)
            .put("totalUsers", totalUsers)
            .put("totalPosts", totalPosts)
            .put("totalTags", totalTags)));
      } else {
        blog.out.printf(Locale.ROOT, "Seeded %,d users and %,d posts, tagged %,d times with %,d tags, in %.1f s (%,.0f posts/s, seed %d).%n",
            result.users(), result.posts(), result.taggings(), result.tags(), seconds, result.posts() / Math.max(seconds, 1e-9), randomSeed);
        blog.out.printf(Locale.ROOT, "The database now has %,d users, %,d posts and %,d tags (%s).%n",
            totalUsers, totalPosts, totalTags, session.database().description());
      }
      return ExitCodes.OK;
    }
  }
}
