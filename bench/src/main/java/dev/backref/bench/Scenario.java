package dev.backref.bench;

import dev.backref.bench.contender.Contender;
import dev.backref.bench.data.Checksum;
import dev.backref.bench.data.Dataset;
import dev.backref.bench.data.Expected;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A read scenario on a dataset: the checksum its result must have, and the operation that computes
 * that checksum from a contender (reading every relation, so deferred policies load inside it). The
 * JMH benchmarks verify with it in setup; {@link Interleaved} times it.
 */
record Scenario(String name, long expected, ToLongFunction<Contender> checksum) {

  static Scenario named(String name, Dataset dataset) {
    return switch (name) {
      case "allUsers" -> allUsers(dataset);
      case "page" -> page(dataset);
      case "userById" -> userById(dataset);
      case "firstPosts" -> firstPosts(dataset);
      case "nestedGraph" -> nestedGraph(dataset);
      case "insert" -> insert();
      case "stream" -> stream(dataset);
      default -> throw new IllegalArgumentException("Unknown scenario " + name);
    };
  }

  static Scenario allUsers(Dataset dataset) {
    return new Scenario("allUsers", Expected.allUsers(dataset), c -> Checksum.ofUsers(c.allUsers()));
  }

  static Scenario page(Dataset dataset) {
    String after = Workload.pageAfter(dataset);
    return new Scenario(
        "page", Expected.page(dataset, after, Workload.PAGE_SIZE), c -> Checksum.ofUsers(c.page(after, Workload.PAGE_SIZE)));
  }

  static Scenario userById(Dataset dataset) {
    long id = Workload.userId(dataset);
    return new Scenario("userById", Expected.userById(dataset, id), c -> Checksum.ofUsers(List.of(c.userById(id))));
  }

  static Scenario firstPosts(Dataset dataset) {
    return new Scenario(
        "firstPosts", Expected.firstPosts(dataset, Workload.FIRST_POSTS), c -> Checksum.ofPosts(c.firstPosts(Workload.FIRST_POSTS)));
  }

  static Scenario insert() {
    return new Scenario(
        "insert",
        Expected.inserted(Workload.NEW_USERNAME, Workload.NEW_POSTS),
        c -> Checksum.ofInserted(c.insertRolledBack(Workload.NEW_USERNAME, Workload.NEW_POSTS)));
  }

  /** Every user with their posts in id order, streamed batch by batch and folded into the checksum without being kept. */
  static Scenario stream(Dataset dataset) {
    return new Scenario("stream", Expected.streamAll(dataset), Contender::streamAllUsers);
  }

  static Scenario nestedGraph(Dataset dataset) {
    if (dataset.tags() == 0) {
      throw new IllegalArgumentException(
          "nestedGraph needs a dataset with tags (" + Dataset.NESTED_10K.name() + ", " + Dataset.NESTED_1K.name() + "), not "
              + dataset.name());
    }
    return new Scenario("nestedGraph", Expected.nestedGraph(dataset), c -> Checksum.ofNestedGraph(c.nestedGraph()));
  }

  long run(Contender contender) {
    return checksum.applyAsLong(contender);
  }
}
